using System.Security.Cryptography;
using Renkei.Cli.Tests.Support;

namespace Renkei.Cli.Tests.Demo;

/// <summary>
/// Restarting the real <c>renkei demo</c> with another <c>--meters</c> once replaced the read log without a word
/// ("started afresh"). Now it is refused, naming the difference, and the data folder is left as it was;
/// <c>--reset</c> wipes it and says so.
/// </summary>
public sealed class DemoMetersChangeTests : IDisposable
{
    private const string Ready = "Press Ctrl+C to stop.";
    private readonly string data = Path.Combine(Path.GetTempPath(), "renkei-meters-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task RestartWithOtherMeters_IsRefusedNamingTheDifference_ResetWipesAndSaysSo()
    {
        await using (await RunningRenkei.StartAsync(Ready, "demo", "--data", data, "--meters", "20", "--port", "0", "--web-port", "0"))
        {
        }

        var before = Fingerprint(Path.Combine(data, "metering"));
        Assert.NotEmpty(before);

        var (code, _, error) = await RenkeiProcess.RunAsync("demo", "--data", data, "--meters", "30", "--port", "0", "--web-port", "0");

        Assert.Equal(1, code);
        Assert.Contains("--meters was 20, now 30", error, StringComparison.Ordinal);
        Assert.Contains("add --reset to wipe them", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
        Assert.Equal(before, Fingerprint(Path.Combine(data, "metering")));

        await using var reset = await RunningRenkei.StartAsync(Ready, "demo", "--data", data, "--meters", "30", "--reset", "--port", "0", "--web-port", "0");
        Assert.Contains("reset      --reset: the data folder's reads and market were wiped; started afresh with 30 meters", reset.Output, StringComparison.Ordinal);
        Assert.Contains("meters=30 ", await File.ReadAllTextAsync(Path.Combine(data, "demo-fleet.txt")), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Every file under <paramref name="folder"/> with the SHA-256 of its bytes.</summary>
    private static string[] Fingerprint(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal) && !f.EndsWith(".pid", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(folder, f) + " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))];
}
