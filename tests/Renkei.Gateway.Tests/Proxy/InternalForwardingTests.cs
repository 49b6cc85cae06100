using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Gateway.Tests.Proxy;

/// <summary>
/// What a forwarded request carries: the gateway's proof and <c>X-Renkei-Retailer</c> from the token, never a
/// client's own <c>X-Renkei-*</c> headers nor its bearer token. Observed by a real loopback service standing in
/// for metering, behind the same proof middleware, that echoes the headers it received.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class InternalForwardingTests(InternalZone zone)
{
    [Fact]
    public async Task ForwardedRequest_ClientRenkeiAndForwardingHeaders_AreReplacedByGatewaysOwn()
    {
        await using var echo = await StartEchoAsync(zone);
        var gatewayZone = new EchoZone(zone, new Uri(echo.Urls.First() + "/"));
        await using var gateway = await TestGateway.StartAsync(gatewayZone.Zone, meteringUrl: gatewayZone.Echo);
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-09", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("X-Renkei-Retailer", Market.R2);
        request.Headers.TryAddWithoutValidation("x-renkei-caller", "v1.forged.forged");
        request.Headers.TryAddWithoutValidation("X-Renkei-Anything", "injected");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.0.0.1");
        request.Headers.TryAddWithoutValidation("Forwarded", "for=10.0.0.1");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var seen = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var headers = seen.RootElement.GetProperty("headers");
        Assert.Equal(Market.R1, headers.GetProperty("x-renkei-retailer").GetString());
        Assert.StartsWith("v1.", headers.GetProperty("x-renkei-caller").GetString(), StringComparison.Ordinal);
        Assert.False(headers.TryGetProperty("x-renkei-anything", out _));
        Assert.False(headers.TryGetProperty("authorization", out _));

        // Neither the client's forwarding headers nor YARP's own (off: no internal node reads them).
        Assert.False(headers.TryGetProperty("x-forwarded-for", out _));
        Assert.False(headers.TryGetProperty("x-forwarded-proto", out _));
        Assert.False(headers.TryGetProperty("x-forwarded-host", out _));
        Assert.False(headers.TryGetProperty("forwarded", out _));
        Assert.Equal("gateway", seen.RootElement.GetProperty("caller").GetString());
        Assert.Equal($"/internal/v1/supply-points/{Market.R1Only}/intervals", seen.RootElement.GetProperty("path").GetString());
    }

    private static async Task<WebApplication> StartEchoAsync(InternalZone zone)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddInternalCallerTrust(new InternalCallerTrust
        {
            Audience = "metering",
            Callers = [new InternalCaller("gateway", InternalCallerKey.PublicOnly(zone.GatewayKey), [new InternalRoute("GET", "/internal/v1/")])],
        });
        var app = builder.Build();
        app.UseInternalCallerProof();
        app.MapGet("/internal/v1/supply-points/{id}/intervals", (HttpContext context) => Results.Json(new
        {
            path = context.Request.Path.Value,
            caller = context.Items[InternalCallerMiddleware.CallerItem],
            headers = context.Request.Headers
                .Where(h => h.Key.StartsWith("X-Renkei-", StringComparison.OrdinalIgnoreCase) || h.Key == "Authorization"
                    || h.Key.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Forwarded", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
        }));
        await app.StartAsync();
        return app;
    }

    private sealed record EchoZone(InternalZone Zone, Uri Echo);
}
