using System.Net;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Gateway.Tests.Proxy;

/// <summary>
/// The gateway's proxy reaches metering over cleartext HTTP/2 on a second loopback port
/// (<c>MeteringHostOptions.Http2Port</c>): the same routes and the same caller proofs as the HTTP/1.1 port, so a
/// direct call there is refused just the same, and a retailer gets the same answer through it.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class MeteringHttp2Tests(InternalZone zone)
{
    private const string Date = "2026-11-09";
    private static readonly string IntervalsPath = $"internal/v1/supply-points/{Market.R1Only}/intervals?date={Date}";

    [Fact]
    public async Task DirectHttp2CallWithoutProof_Is401()
    {
        using var response = await SendHttp2Async(HttpMethod.Get, IntervalsPath, proof: null);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no internal caller proof", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectHttp2CallWithTheGatewaysProofOutsideItsRoutes_Is403()
    {
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "metering", DateTimeOffset.UtcNow.AddMinutes(1));

        using var response = await SendHttp2Async(HttpMethod.Post, "internal/v1/hes/reads", proof);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Http11Request_ToTheHttp2Port_IsRefusedWith400()
    {
        // The port speaks HTTP/2 only (prior knowledge): Kestrel answers an HTTP/1.1 request with 400 and closes.
        using var http = new HttpClient { BaseAddress = zone.MeteringHttp2Url };

        using var response = await http.GetAsync(new Uri(IntervalsPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(Market.R1Only, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetailerRead_ThroughTheGatewaysHttp2Hop_IsTheBodyMeteringServesOverHttp11()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var proof = InternalCallerToken.Create(zone.GatewayKey, "gateway", "metering", DateTimeOffset.UtcNow.AddMinutes(1));
        using var direct = new HttpClient { BaseAddress = zone.MeteringUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(IntervalsPath, UriKind.Relative));
        request.Headers.TryAddWithoutValidation(InternalHeaders.Caller, proof);
        request.Headers.TryAddWithoutValidation(InternalHeaders.Retailer, Market.R1);

        using var proxied = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, Date);
        using var served = await direct.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpVersion.Version11, served.Version);
        var body = await proxied.Content.ReadAsStringAsync();
        Assert.Contains($"\"supplyPointId\":\"{Market.R1Only}\"", body, StringComparison.Ordinal);
        Assert.Equal(await served.Content.ReadAsStringAsync(), body);
        Assert.Equal(served.Content.Headers.ContentType, proxied.Content.Headers.ContentType);
    }

    private async Task<HttpResponseMessage> SendHttp2Async(HttpMethod method, string path, string? proof)
    {
        using var http = new HttpClient
        {
            BaseAddress = zone.MeteringHttp2Url,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        if (proof is not null)
        {
            request.Headers.TryAddWithoutValidation(InternalHeaders.Caller, proof);
        }

        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("meter_id,read_at,register_kwh,direction\n", System.Text.Encoding.UTF8, "text/csv");
        }

        return await http.SendAsync(request);
    }
}
