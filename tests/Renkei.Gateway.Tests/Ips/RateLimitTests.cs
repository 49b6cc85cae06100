using System.Net;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Ips;

/// <summary>Rate limits per client and per source address: over the limit, 429 with Retry-After, audited.</summary>
[Collection(InternalZoneCollection.Name)]
public sealed class RateLimitTests(InternalZone zone)
{
    [Fact]
    public async Task DataRequests_OverTheClientLimit_Get429WithRetryAfterAndAreAudited()
    {
        // A one-hour window: the test's requests all fall into the first one.
        var limits = new GatewayLimits { RequestsPerClient = 3, RateWindow = TimeSpan.FromHours(1) };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits);
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var other = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);

        var statuses = new List<HttpStatusCode>();
        for (var day = 1; day <= 4; day++)
        {
            using var response = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, $"2026-11-0{day}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
            }
        }

        using var otherClient = await TestGateway.GetIntervalsAsync(client, other, Market.Switched, "2026-11-10");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync("date=2026-11-04"));
        Assert.Equal(429, entry.Status);
        Assert.Equal("rate limited", entry.Reason);
        Assert.Equal(TestGateway.R1Id, entry.ClientId);
    }

    [Fact]
    public async Task Requests_OverTheAddressLimit_Get429EvenWithoutToken()
    {
        var limits = new GatewayLimits { RequestsPerAddress = 2, RateWindow = TimeSpan.FromHours(1) };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits);
        var client = gateway.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await TestGateway.GetAsync(client, null, $"api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-01");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }
}
