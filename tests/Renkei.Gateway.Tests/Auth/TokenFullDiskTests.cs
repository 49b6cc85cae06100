using System.Net;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Tests.Support;

namespace Renkei.Gateway.Tests.Auth;

/// <summary>A gateway whose store (<c>gateway.db</c>) is on a full disk answers a token request 503 with Retry-After, and issues tokens again when space returns.</summary>
[Collection(InternalZoneCollection.Name)]
public sealed class TokenFullDiskTests(InternalZone zone)
{
    [SkippableFact]
    public async Task StoreDiskFull_TokenRequestGets503ProblemWithRetryAfter_ThenATokenWhenSpaceReturns()
    {
        using var disk = SmallFilesystem.TryMount(8192, out var whyNot);
        Skip.If(disk is null, whyNot);

        // The gateway's folder on the small filesystem, its audit log on the normal disk (a full audit log is its own fault).
        var data = Path.Combine(disk.Path, "gateway");
        Directory.CreateDirectory(data);
        var audit = Path.Combine(zone.Root, "gateway-audit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(audit);
        Directory.CreateSymbolicLink(Path.Combine(data, "audit"), audit);
        await using var gateway = await TestGateway.StartAsync(zone, dataDirectory: data);
        await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);

        disk.Fill();
        using (var refused = await gateway.RequestTokenAsync(gateway.Client(), TestGateway.R1Id, TestGateway.R1Secret))
        {
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {body}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("temporarily_unavailable", body, StringComparison.Ordinal);
        }

        disk.Free();
        await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
    }
}
