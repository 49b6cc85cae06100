using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Audit;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Node;

namespace Renkei.Gateway.Tests.Proxy;

/// <summary>
/// A direct call to an internal node never passes the gateway's audit log, so each node keeps its own: every refused
/// call (no proof, an expired or forged proof, a valid proof outside the caller's routes) is answered with the exact
/// status and is in the node's hash-chained audit log (time, source address, method, path, status, reason; never the
/// proof) before the answer leaves. Accepted calls are not written there.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class InternalRefusalAuditTests(InternalZone zone)
{
    [Fact]
    public async Task Metering_NoProof_Is401AndAudited()
    {
        var path = Unique($"/internal/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-09");

        using var response = await SendAsync(zone.MeteringUrl, HttpMethod.Get, path, proof: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = await SingleEntryAsync(zone.Metering.Services, path);
        AssertRefusal(entry, "GET", path, 401, "no internal caller proof", caller: null);
    }

    [Fact]
    public async Task Metering_ExpiredProof_Is401AndAuditedWithoutTheProof()
    {
        var path = Unique($"/internal/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-09");
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "metering", DateTimeOffset.UtcNow.AddSeconds(-1));

        using var response = await SendAsync(zone.MeteringUrl, HttpMethod.Get, path, proof);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = await SingleEntryAsync(zone.Metering.Services, path);
        AssertRefusal(entry, "GET", path, 401, "internal caller proof expired", caller: null);
        Assert.DoesNotContain(proof, await File.ReadAllTextAsync(LogOf(zone.Metering.Services).Path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metering_ForgedProof_Is401AndAudited()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Unique($"/internal/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-09");
        var forged = InternalCallerToken.Create(forger, "gateway", "metering", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.MeteringUrl, HttpMethod.Get, path, forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = await SingleEntryAsync(zone.Metering.Services, path);
        AssertRefusal(entry, "GET", path, 401, "internal caller proof signature invalid", caller: null);
    }

    [Fact]
    public async Task Metering_GatewayProofOutsideItsRoutes_Is403AndAuditedWithTheCaller()
    {
        var path = Unique("/internal/v1/hes/reads");
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "metering", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.MeteringUrl, HttpMethod.Post, path, proof);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var entry = await SingleEntryAsync(zone.Metering.Services, path);
        AssertRefusal(entry, "POST", path, 403, $"internal caller 'gateway' may not call POST {path[..path.IndexOf('?', StringComparison.Ordinal)]}", caller: "gateway");
    }

    [Fact]
    public async Task Metering_AcceptedCall_IsNotWrittenToTheNodeLog()
    {
        var path = Unique($"/internal/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-09");
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "metering", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.MeteringUrl, HttpMethod.Get, path, proof);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await EntriesAsync(zone.Metering.Services, path));
    }

    [Fact]
    public async Task Switching_NoProof_Is401AndAudited()
    {
        var path = Unique("/internal/v1/wheeling-contracts/changes?after=0");

        using var response = await SendAsync(zone.SwitchingUrl, HttpMethod.Get, path, proof: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertRefusal(await SingleEntryAsync(zone.Switching.Services, path), "GET", path, 401, "no internal caller proof", caller: null);
    }

    [Fact]
    public async Task Switching_ExpiredAndForgedProofs_Are401AndAudited()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var expiredPath = Unique("/internal/v1/wheeling-contracts/changes?after=0");
        var forgedPath = Unique("/internal/v1/wheeling-contracts/changes?after=0");

        using var expired = await SendAsync(zone.SwitchingUrl, HttpMethod.Get, expiredPath, InternalCallerToken.Create(zone.GatewayKey, "gateway", "switching", DateTimeOffset.UtcNow.AddSeconds(-1)));
        using var forged = await SendAsync(zone.SwitchingUrl, HttpMethod.Get, forgedPath, InternalCallerToken.Create(forger, "gateway", "switching", DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        AssertRefusal(await SingleEntryAsync(zone.Switching.Services, expiredPath), "GET", expiredPath, 401, "internal caller proof expired", caller: null);
        AssertRefusal(await SingleEntryAsync(zone.Switching.Services, forgedPath), "GET", forgedPath, 401, "internal caller proof signature invalid", caller: null);
    }

    [Fact]
    public async Task Switching_GatewayProofOnTheTsoSide_Is403AndAudited()
    {
        var path = Unique("/internal/v1/tso/applications/A000000000001/return");
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "switching", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.SwitchingUrl, HttpMethod.Post, path, proof);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertRefusal(
            await SingleEntryAsync(zone.Switching.Services, path), "POST", path, 403,
            $"internal caller 'gateway' may not call POST {path[..path.IndexOf('?', StringComparison.Ordinal)]}", caller: "gateway");
    }

    /// <summary>A TSO node: refusals audited in &lt;data&gt;/audit/tso-NN; a restart continues the same chain.</summary>
    [Fact]
    public async Task TsoNode_RefusalsAreAuditedAndARestartContinuesTheChain()
    {
        using var hub = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var operatorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var data = Path.Combine(zone.Root, "tso-audit-" + Guid.NewGuid().ToString("N"));
        var options = new TsoHostOptions
        {
            Area = 3,
            DataDirectory = data,
            Callers = TsoHostOptions.TrustingHub(3, InternalCallerKey.PublicOnly(hub), operatorPublicKey: InternalCallerKey.PublicOnly(operatorKey)),
        };
        var none = Unique(TsoRoutes.PathPrefix + "supply-point-changes?after=0");
        var expired = Unique(TsoRoutes.PathPrefix + "supply-point-changes?after=0");
        var outside = Unique(TsoRoutes.OperatorPathPrefix + "supply-points");

        await using (var first = await StartTsoAsync(options))
        {
            var url = new Uri(first.Urls.First() + "/");
            using var r1 = await SendAsync(url, HttpMethod.Get, none, proof: null);
            using var r2 = await SendAsync(url, HttpMethod.Get, expired, InternalCallerToken.Create(hub, TsoRoutes.HubCallerName, "tso-03", DateTimeOffset.UtcNow.AddSeconds(-1)));
            Assert.Equal(HttpStatusCode.Unauthorized, r1.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, r2.StatusCode);
            Assert.Equal(Path.Combine(data, "audit", "tso-03", AuditLog.FileName), LogOf(first.Services).Path);
            await first.StopAsync();
        }

        await using var second = await StartTsoAsync(options);
        var again = new Uri(second.Urls.First() + "/");
        using var r3 = await SendAsync(again, HttpMethod.Post, outside, InternalCallerToken.Create(hub, TsoRoutes.HubCallerName, "tso-03", DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Equal(HttpStatusCode.Forbidden, r3.StatusCode);
        await LogOf(second.Services).FlushAsync();
        var file = Path.Combine(data, "audit", "tso-03", AuditLog.FileName);
        var entries = AuditLog.Read(file, new AuditQuery());
        Assert.Equal([none, expired, outside], entries.Select(e => e.Path));
        AssertRefusal(entries[0], "GET", none, 401, "no internal caller proof", caller: null);
        AssertRefusal(entries[1], "GET", expired, 401, "internal caller proof expired", caller: null);
        Assert.Equal(403, entries[2].Status);
        Assert.Equal(TsoRoutes.HubCallerName, entries[2].ClientId);
        Assert.Equal(0, AuditLog.Verify(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    /// <summary>A flood from one address: the first lines are written one by one, the rest counted in one summary when the window closes.</summary>
    [Fact]
    public async Task Flood_OverThePerAddressCap_IsCountedInOneSummaryLine()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var directory = Path.Combine(zone.Root, "flood-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddInternalCallerTrust(
            new InternalCallerTrust { Audience = "metering" }, directory, clock, new RefusalAuditLimits { LinesPerAddress = 2, Lines = 100, Window = TimeSpan.FromMinutes(1) });
        await using var app = builder.Build();
        app.UseInternalCallerProof();
        app.Run(static context => context.Response.WriteAsync("served"));
        await app.StartAsync();
        var url = new Uri(app.Urls.First() + "/");

        for (var i = 0; i < 7; i++)
        {
            using var response = await SendAsync(url, HttpMethod.Get, $"/internal/v1/x?n={i}", proof: null);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        using (var next = await SendAsync(url, HttpMethod.Get, "/internal/v1/x?n=after", proof: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, next.StatusCode);
        }

        var log = LogOf(app.Services);
        await log.FlushAsync();
        var entries = AuditLog.Read(log.Path, new AuditQuery());
        Assert.Equal(["/internal/v1/x?n=0", "/internal/v1/x?n=1", "-", "/internal/v1/x?n=after"], entries.Select(e => e.Path));
        Assert.Equal("127.0.0.1", entries[2].SourceAddress);
        Assert.StartsWith("5 more refused internal calls since ", entries[2].Reason, StringComparison.Ordinal);
        Assert.Equal(0, AuditLog.Verify(log.Path));
    }

    private static async Task<WebApplication> StartTsoAsync(TsoHostOptions options)
    {
        var app = TsoHost.Build(options, static l => l.ClearProviders());
        await app.StartAsync();
        return app;
    }

    private static string Unique(string path) => path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "probe=" + Guid.NewGuid().ToString("N");

    private static AuditLog LogOf(IServiceProvider services) => services.GetRequiredService<RefusalAudit>().Log;

    private static async Task<IReadOnlyList<AuditEntry>> EntriesAsync(IServiceProvider services, string path)
    {
        var log = LogOf(services);
        await log.FlushAsync();
        Assert.Equal(0, AuditLog.Verify(log.Path));
        return [.. AuditLog.Read(log.Path, new AuditQuery { Limit = 100_000 }).Where(e => e.Path == path)];
    }

    private static async Task<AuditEntry> SingleEntryAsync(IServiceProvider services, string path) => Assert.Single(await EntriesAsync(services, path));

    private static void AssertRefusal(AuditEntry entry, string method, string path, int status, string reason, string? caller)
    {
        Assert.Equal(method, entry.Method);
        Assert.Equal(path, entry.Path);
        Assert.Equal(status, entry.Status);
        Assert.Equal(AuditEntry.Denied, entry.Outcome);
        Assert.Equal(reason, entry.Reason);
        Assert.Equal(caller, entry.ClientId);
        Assert.Equal("127.0.0.1", entry.SourceAddress);
        Assert.True(entry.At > DateTimeOffset.UtcNow.AddMinutes(-5) && entry.At <= DateTimeOffset.UtcNow.AddSeconds(5), $"entry time {entry.At:O}");
    }

    private static async Task<HttpResponseMessage> SendAsync(Uri service, HttpMethod method, string path, string? proof)
    {
        using var http = new HttpClient { BaseAddress = service };
        using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative));
        if (proof is not null)
        {
            request.Headers.TryAddWithoutValidation(InternalHeaders.Caller, proof);
        }

        return await http.SendAsync(request);
    }
}
