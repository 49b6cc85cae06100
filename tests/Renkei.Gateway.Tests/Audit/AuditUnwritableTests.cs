using System.Net;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Tests.Support;

namespace Renkei.Gateway.Tests.Audit;

/// <summary>A gateway whose audit log's disk is full serves nothing it cannot audit, and serves again when space returns.</summary>
[Collection(InternalZoneCollection.Name)]
public sealed class AuditUnwritableTests(InternalZone zone)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task AuditDiskFull_RequestsGet503WithRetryAfter_ThenServedAndAuditedWhenSpaceReturns()
    {
        using var disk = SmallFilesystem.TryMount(512, out var whyNot);
        Skip.If(disk is null, whyNot);

        // The gateway's audit folder lives on the small filesystem; everything else of the gateway on the normal disk.
        var data = Path.Combine(zone.Root, "gateway-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        Directory.CreateSymbolicLink(Path.Combine(data, "audit"), disk.Path);
        await using var gateway = await TestGateway.StartAsync(zone, dataDirectory: data);
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);

        var failing = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var resumed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        gateway.Audit.FailingChanged += (_, now) => (now ? failing : resumed).TrySetResult(now);
        disk.Fill();

        // The log's last page still has room for a few lines (tmpfs allocates whole pages): requests go on until a
        // line needs a page the disk no longer has.
        for (var i = 0; i < 200 && !failing.Task.IsCompleted; i++)
        {
            using var _ = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, "2026-11-26");
            await gateway.Audit.FlushAsync().WaitAsync(TimeSpan.FromMilliseconds(200)).ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        await failing.Task.WaitAsync(Timeout);
        using (var refused = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, "2026-11-26"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("audit", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        disk.Free();
        await resumed.Task.WaitAsync(Timeout);
        using (var served = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, "2026-11-26"))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        var entries = await gateway.AuditOfAsync(Market.R1Only);
        Assert.Contains(entries, e => e.Status == 503 && e.Reason == "audit log not writable");
        Assert.Equal(200, entries[^1].Status);
        Assert.Equal(0, Renkei.Hosting.Audit.AuditLog.Verify(gateway.Audit.Path));
    }
}
