using System.CommandLine;
using Renkei.Formats.Text;

namespace Renkei.Cli.Tests.RetailerApi;

/// <summary>
/// <c>renkei retailer</c> quotes an argument it refuses as a short prefix, as the nodes quote outside text: a 10 MB
/// gateway URL once came back whole on stderr.
/// </summary>
public sealed class RetailerEchoTests
{
    [Fact]
    public async Task TenMegabyteGatewayUrl_IsQuotedAsAShortPrefix()
    {
        var big = "ftp://" + new string('x', 10_000_000);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await Program.BuildRoot()
            .Parse(["retailer", "token", "--gateway", big, "--client-id", "a", "--client-secret", "b", "--data", Path.Combine(Path.GetTempPath(), "renkei-no-such-" + Guid.NewGuid().ToString("N"))])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(2, exit);
        Assert.Contains($"the gateway URL '{big[..Echo.MaxLength]}…' must be an absolute https URL", error.ToString(), StringComparison.Ordinal);
        Assert.InRange(error.ToString().Length, 1, Echo.MaxReasonLength);
    }
}
