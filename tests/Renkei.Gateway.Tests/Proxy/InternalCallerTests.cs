using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Gateway.Tests.Proxy;

/// <summary>
/// The internal APIs listen on loopback and, on top of that, refuse every caller that cannot prove it is the
/// gateway (or, for HES ingest only, the HES feed): a direct call from the same host is refused.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class InternalCallerTests(InternalZone zone)
{
    private static readonly string IntervalsPath = $"internal/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-09";

    [Fact]
    public async Task MeteringApi_DirectCallFromLoopbackWithoutProof_Is401()
    {
        using var http = new HttpClient { BaseAddress = zone.MeteringUrl };

        using var response = await http.GetAsync(new Uri(IntervalsPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no internal caller proof", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwitchingApi_DirectCallFromLoopbackWithoutProof_Is401()
    {
        using var http = new HttpClient { BaseAddress = zone.SwitchingUrl };

        using var response = await http.GetAsync(new Uri("internal/v1/wheeling-contracts/changes?after=0", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SwitchingApi_ValidGatewayProofOnTheTsoSide_Is403()
    {
        // The gateway's own key, correctly addressed: still not allowed to act as the TSO (returning an application).
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "switching", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.SwitchingUrl, "internal/v1/tso/applications/A000000000001/return", HttpMethod.Post, proof);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task SwitchingApi_ValidGatewayProofOnTheContractFeed_IsServed()
    {
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "switching", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.SwitchingUrl, "internal/v1/wheeling-contracts/changes?after=0", HttpMethod.Get, proof);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MeteringApi_ProofSignedWithAnotherKey_Is401()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = InternalCallerToken.Create(forger, "gateway", "metering", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.MeteringUrl, IntervalsPath, HttpMethod.Get, forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signature invalid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MeteringApi_GatewayProofAddressedToSwitching_Is401()
    {
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "switching", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.MeteringUrl, IntervalsPath, HttpMethod.Get, proof);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("addressed to another service", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MeteringApi_ValidGatewayProof_Gets200()
    {
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "metering", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.MeteringUrl, IntervalsPath, HttpMethod.Get, proof);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MeteringApi_GatewayProofOnHesIngest_Is403()
    {
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "metering", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.MeteringUrl, "internal/v1/hes/reads", HttpMethod.Post, proof, "meter_id,read_at,register_kwh,direction\n");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task MeteringApi_HesProofOnIntervals_Is403()
    {
        var proof = InternalCallerToken.Create(zone.HesKey, "hes", "metering", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.MeteringUrl, IntervalsPath, HttpMethod.Get, proof);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task MeteringApi_HesProofOnIngest_IsAccepted()
    {
        var proof = InternalCallerToken.Create(zone.HesKey, "hes", "metering", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendAsync(zone.MeteringUrl, "internal/v1/hes/reads", HttpMethod.Post, proof, "meter_id,read_at,register_kwh,direction\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MeteringApi_ExpiredGatewayProof_Is401()
    {
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "metering", DateTimeOffset.UtcNow.AddSeconds(-1));

        using var response = await SendAsync(zone.MeteringUrl, IntervalsPath, HttpMethod.Get, proof);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MeteringApi_GatewayProofLivingAnHour_Is401()
    {
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "metering", DateTimeOffset.UtcNow.AddHours(1));

        using var response = await SendAsync(zone.MeteringUrl, IntervalsPath, HttpMethod.Get, proof);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("lives too long", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_PathToInternalApi_IsNotRoutedAndAudited()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        using var response = await TestGateway.GetAsync(client, token, IntervalsPath);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync("/" + IntervalsPath));
        Assert.Equal(404, entry.Status);
        Assert.Equal("denied", entry.Outcome);
    }

    /// <summary>
    /// A direct call never passes the gateway's audit log, so the internal service records it itself: the real
    /// metering host, its log captured, refuses a call without proof (401) and the gateway's proof outside its routes
    /// (403), each with exactly one warning naming the address, method, path, status and reason; an accepted call
    /// leaves none.
    /// </summary>
    [Fact]
    public async Task MeteringApi_DirectCalls_AreRefusedAndEachIsLoggedByTheService()
    {
        var capture = new LogCapture();
        var metering = Renkei.Metering.MeteringHost.Build(
            new Renkei.Metering.MeteringHostOptions
            {
                DataDirectory = Path.Combine(zone.Root, "metering-logged-" + Guid.NewGuid().ToString("N")),
                FirstSlotToClose = new Renkei.Domain.Time.Slot(Market.SwitchDay, 1),
                SwitchingUrl = zone.SwitchingUrl,
                CallerKey = zone.MeteringKey,
                Callers = new InternalCallerTrust
                {
                    Audience = Renkei.Metering.MeteringHostOptions.Audience,
                    Callers = [new InternalCaller("gateway", InternalCallerKey.PublicOnly(zone.GatewayKey), [new InternalRoute("GET", "/internal/v1/supply-points/")])],
                },
            },
            new Renkei.Metering.Registry.MeterRegistry(),
            TimeProvider.System,
            l =>
            {
                l.ClearProviders();
                l.AddProvider(capture);
            });
        await metering.StartAsync();
        try
        {
            var url = new Uri(metering.Urls.First() + "/");
            var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "metering", DateTimeOffset.UtcNow.AddMinutes(1));
            using var http = new HttpClient { BaseAddress = url };

            using var none = await http.GetAsync(new Uri(IntervalsPath, UriKind.Relative));
            using var outside = await SendAsync(url, "internal/v1/hes/reads", HttpMethod.Post, proof, "meter_id,read_at,register_kwh,direction\n");
            using var accepted = await SendAsync(url, IntervalsPath, HttpMethod.Get, proof);

            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
            Assert.NotEqual(HttpStatusCode.Unauthorized, accepted.StatusCode);
            Assert.NotEqual(HttpStatusCode.Forbidden, accepted.StatusCode);
            var refusals = capture.Records.Where(r => r.EventId == InternalCallerMiddleware.RefusedEventId).ToList();
            Assert.Equal(2, refusals.Count);
            Assert.All(refusals, r => Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, r.Level));
            Assert.Equal(
                $"Internal call refused: 127.0.0.1 GET /internal/v1/supply-points/{Market.R1Only}/intervals answered 401: no internal caller proof",
                refusals[0].Message);
            Assert.Equal(
                "Internal call refused: 127.0.0.1 POST /internal/v1/hes/reads answered 403: internal caller 'gateway' may not call POST /internal/v1/hes/reads",
                refusals[1].Message);
        }
        finally
        {
            await metering.StopAsync();
            await metering.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(Uri service, string path, HttpMethod method, string proof, string? csv = null)
    {
        using var http = new HttpClient { BaseAddress = service };
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation(InternalHeaders.Caller, proof);
        if (csv is not null)
        {
            request.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
        }

        return await http.SendAsync(request);
    }
}
