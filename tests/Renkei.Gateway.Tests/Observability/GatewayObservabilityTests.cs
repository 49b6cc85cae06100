using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Observability;
using Renkei.Hosting.Tests.Support;

namespace Renkei.Gateway.Tests.Observability;

/// <summary>
/// The gateway's operations listener: failed authentications and lock-outs in the scrape, readiness that follows the
/// audit log, and none of it on the public HTTPS port.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class GatewayObservabilityTests(InternalZone zone)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Scrape_AfterWrongSecrets_CountsTheFailuresAndTheLockOut()
    {
        await using var gateway = await TestGateway.StartAsync(zone);
        var client = gateway.Client();
        for (var i = 0; i < 5; i++)
        {
            using var refused = await gateway.RequestTokenAsync(client, TestGateway.R2Id, "not-the-secret");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var locked = await gateway.RequestTokenAsync(client, TestGateway.R2Id, TestGateway.R2Secret))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        }

        using var ops = new HttpClient { BaseAddress = NodeObservability.OpsUrl(gateway.App.Services), Timeout = Timeout };
        var text = await ops.GetStringAsync("metrics");

        Assert.Equal(5, Value(text, "renkei_gateway_auth_failures_total", "kind=\"client\""));
        Assert.Equal(1, Value(text, "renkei_gateway_lockouts_total", "key=\"client\""));
    }

    [Fact]
    public async Task ThePublicPort_AnswersNoneOfTheOperationsPaths()
    {
        await using var gateway = await TestGateway.StartAsync(zone);
        var client = gateway.Client();
        foreach (var path in new[] { "metrics", "health/live", "health/ready", "alerts" })
        {
            using var answer = await client.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.OK, answer.StatusCode);
            Assert.DoesNotContain("renkei_", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var ops = NodeObservability.OpsUrl(gateway.App.Services)!;
        Assert.Equal(IPAddress.Loopback.ToString(), ops.Host);
        Assert.NotEqual(gateway.Url.Port, ops.Port);
    }

    [SkippableFact]
    public async Task Ready_IsUnhealthy_WhileTheAuditLogCannotBeWritten_AndReadyAgainAfter()
    {
        using var disk = SmallFilesystem.TryMount(512, out var whyNot);
        Skip.If(disk is null, whyNot);

        var data = Path.Combine(zone.Root, "gateway-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        Directory.CreateSymbolicLink(Path.Combine(data, "audit"), disk.Path);
        await using var gateway = await TestGateway.StartAsync(zone, dataDirectory: data);
        using var ops = new HttpClient { BaseAddress = NodeObservability.OpsUrl(gateway.App.Services), Timeout = Timeout };
        using (var before = await ops.GetAsync("health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

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
        using (var unready = await ops.GetAsync("health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            Assert.Contains("audit-failing " + gateway.Audit.Path, await unready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var live = await ops.GetAsync("health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        Assert.Equal(1, Value(await ops.GetStringAsync("metrics"), "renkei_node_audit_failing", "log=\"" + gateway.Audit.Path + "\""));

        disk.Free();
        await resumed.Task.WaitAsync(Timeout);
        using var ready = await ops.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    /// <summary>The value of <paramref name="metric"/>'s sample whose labels contain <paramref name="label"/>.</summary>
    private static double Value(string text, string metric, string label)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(metric) + @"\{[^}]*" + Regex.Escape(label) + @"[^}]*\} (\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{metric}{{{label}}} not in the scrape:\n{text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
