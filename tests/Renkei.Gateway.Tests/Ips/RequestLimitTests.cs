using System.Net;
using System.Text;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Tests.Ips;

/// <summary>
/// Kestrel's limits on the gateway: body size, header size and count, request line length, slow headers and slow
/// bodies, malformed requests. Each refusal gets its exact answer and exactly one audit entry: those made while the
/// application reads a body from the audit step, those Kestrel makes before any application code runs from its
/// bad-request diagnostic event (<see cref="Renkei.Gateway.Audit.KestrelRefusals"/>).
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class RequestLimitTests(InternalZone zone)
{
    private static GatewayLimits Tight => new()
    {
        MaxRequestBodyBytes = 1024,
        MaxRequestHeadersTotalBytes = 4096,
        RequestHeadersTimeout = TimeSpan.FromSeconds(1),
        MinBodyBytesPerSecond = 100,
        MinBodyRateGracePeriod = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task TokenRequest_BodyOverTheLimit_Is413AndAudited()
    {
        await using var gateway = await TestGateway.StartAsync(zone, limits: Tight);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TestGateway.R1Id,
            ["client_secret"] = new string('x', 4096),
        };

        using var response = await gateway.Client().PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync("/connect/token"));
        Assert.Equal(413, entry.Status);
        Assert.Equal("request body too large", entry.Reason);
    }

    [Fact]
    public async Task Request_HeadersOverTheLimit_Is431AndAudited()
    {
        await using var gateway = await TestGateway.StartAsync(zone, limits: Tight);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-09", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 8192));

        using var response = await gateway.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync("date=2026-11-09"));
        Assert.Equal(431, entry.Status);
        Assert.Equal("denied", entry.Outcome);
        Assert.Equal("GET", entry.Method);
        Assert.Equal($"/api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-09", entry.Path);
        Assert.Equal("127.0.0.1", entry.SourceAddress);
        Assert.Equal("request headers too large or too many (refused by the server)", entry.Reason);
    }

    [Fact]
    public async Task Request_AskingForHttp2_IsServedOverHttp11_SoOversizedHeadersAre431AndAudited()
    {
        // Over HTTP/2, Kestrel would drop the whole connection (PROTOCOL_ERROR) with no answer to audit; the
        // gateway offers HTTP/1.1 only.
        await using var gateway = await TestGateway.StartAsync(zone, limits: Tight);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-13", UriKind.Relative))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.TryAddWithoutValidation("X-Padding", new string('a', 8192));

        using var response = await gateway.Client().SendAsync(request);

        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync("date=2026-11-13"));
        Assert.Equal(431, entry.Status);
        Assert.Equal("request headers too large or too many (refused by the server)", entry.Reason);
    }

    [Fact]
    public async Task Request_TooManyHeaders_Is431AndAudited()
    {
        await using var gateway = await TestGateway.StartAsync(zone, limits: new GatewayLimits { MaxRequestHeaderCount = 10 });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-10", UriKind.Relative));
        for (var i = 0; i < 20; i++)
        {
            request.Headers.TryAddWithoutValidation("X-Many-" + i, "1");
        }

        using var response = await gateway.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync("date=2026-11-10"));
        Assert.Equal(431, entry.Status);
        Assert.Equal("request headers too large or too many (refused by the server)", entry.Reason);
    }

    [Fact]
    public async Task Request_RequestLineOverTheLimit_Is414AndAudited()
    {
        await using var gateway = await TestGateway.StartAsync(zone, limits: new GatewayLimits { MaxRequestLineBytes = 1024 });
        await using var raw = await RawHttps.ConnectAsync(gateway.Url);

        await raw.WriteAsync($"GET /api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-11&pad={new string('a', 2048)} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var head = await raw.ReadResponseHeadAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 414 ", head, StringComparison.Ordinal);
        var all = await gateway.Audit.QueryAsync(new AuditQuery { Limit = 100 });
        var entry = Assert.Single(all);
        Assert.Equal(414, entry.Status);
        Assert.Equal("denied", entry.Outcome);
        Assert.Equal("127.0.0.1", entry.SourceAddress);
        Assert.Equal("request line too long (refused by the server)", entry.Reason);
    }

    [Fact]
    public async Task Request_Malformed_Is400AndAudited()
    {
        await using var gateway = await TestGateway.StartAsync(zone, limits: Tight);
        await using var raw = await RawHttps.ConnectAsync(gateway.Url);

        // A header line without a colon: Kestrel refuses it while parsing, before any middleware.
        await raw.WriteAsync($"GET /api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-12 HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n");
        var head = await raw.ReadResponseHeadAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        var entry = Assert.Single(await gateway.AuditOfAsync("date=2026-11-12"));
        Assert.Equal(400, entry.Status);
        Assert.Equal("malformed request (refused by the server)", entry.Reason);
    }

    [Fact]
    public async Task Request_HeadersNeverFinished_ConnectionClosedWith408AndAudited()
    {
        await using var gateway = await TestGateway.StartAsync(zone, limits: Tight);
        await using var raw = await RawHttps.ConnectAsync(gateway.Url);

        // Slowloris: a request line and one header, then nothing; the server must give up, not wait forever.
        await raw.WriteAsync("GET /api/v1/supply-points/0310000000000000000002/intervals?date=2026-11-09 HTTP/1.1\r\nHost: localhost\r\n");
        var head = await raw.ReadResponseHeadAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 408 ", head, StringComparison.Ordinal);
        var entry = Assert.Single(await gateway.AuditOfAsync("date=2026-11-09"));
        Assert.Equal(408, entry.Status);
        Assert.Equal("denied", entry.Outcome);
        Assert.Equal("request headers too slow (refused by the server)", entry.Reason);
    }

    [Fact]
    public async Task TokenRequest_BodyTrickledSlowly_IsCutOffAndAudited()
    {
        await using var gateway = await TestGateway.StartAsync(zone, limits: Tight);
        await using var raw = await RawHttps.ConnectAsync(gateway.Url);

        // A body announced at 1,000 bytes of which 10 arrive: below 100 bytes/s after the 2 s grace period.
        await raw.WriteAsync("POST /connect/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\ngrant_type");
        var head = await raw.ReadResponseHeadAsync(TimeSpan.FromSeconds(30));

        Assert.DoesNotContain("HTTP/1.1 200", head, StringComparison.Ordinal);
        var entry = Assert.Single(await gateway.AuditOfAsync("/connect/token"));
        Assert.Equal(408, entry.Status);
        Assert.Equal("denied", entry.Outcome);
        Assert.Equal("request body too slow or malformed", entry.Reason);
    }

    /// <summary>
    /// The headers on the gateway's own answers and on the answers it relays from the internal nodes (which YARP
    /// copies from the node's response): a refusal without a token, the request filter's 400, a data read proxied
    /// from metering, a switching 404 proxied from the switching node.
    /// </summary>
    [Theory]
    [InlineData(null, "api/v1/supply-points/" + Market.R1Only + "/intervals?date=2026-11-09", HttpStatusCode.Unauthorized)]
    [InlineData(TestGateway.R1Id, "api/v1/supply-points/" + Market.R1Only + "/..%2Fx/intervals?date=2026-11-09", HttpStatusCode.BadRequest)]
    [InlineData(TestGateway.R1Id, "api/v1/supply-points/" + Market.R1Only + "/intervals?date=2026-11-08", HttpStatusCode.OK)]
    [InlineData(TestGateway.R1Id, "api/v1/switching/applications/A999999999998", HttpStatusCode.NotFound)]
    public async Task Response_AnyAnswer_CarriesHstsAndSecurityHeaders(string? clientId, string target, HttpStatusCode expected)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = clientId is null ? null : await gateway.TokenAsync(clientId, TestGateway.R1Secret, client);

        using var response = await TestGateway.GetAsync(client, token, target);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", string.Join(',', response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("nosniff", string.Join(',', response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(',', response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", string.Join(',', response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", string.Join(',', response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("same-origin", string.Join(',', response.Headers.GetValues("Cross-Origin-Resource-Policy")));
        Assert.True(response.Headers.CacheControl is { NoStore: true }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Body_Utf8Form_IsParsed()
    {
        var gateway = zone.Shared;
        using var content = new StringContent($"grant_type=client_credentials&client_id={TestGateway.R2Id}&client_secret={TestGateway.R2Secret}", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await gateway.Client().PostAsync(new Uri("connect/token", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
