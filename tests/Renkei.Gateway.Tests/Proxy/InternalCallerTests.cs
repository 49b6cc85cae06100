using System.Net;
using System.Security.Cryptography;
using System.Text;
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
