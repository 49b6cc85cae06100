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
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        var entries = await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-01");
        Assert.Equal([401, 401, 429], entries.Select(e => e.Status));
        Assert.Equal(("rate limited", "127.0.0.1", null), (entries[2].Reason, entries[2].SourceAddress, entries[2].ClientId));
    }

    [Fact]
    public async Task TokenRequests_FailedOverTheClientLimit_Get429WithRetryAfterAndAreAudited()
    {
        // Lockout out of the way: only the rate limit can refuse here.
        var limits = new GatewayLimits { RequestsPerClient = 3, RateWindow = TimeSpan.FromHours(1), FailuresBeforeLockout = 100, FailuresPerAddressBeforeLockout = 100 };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits);
        var client = gateway.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await gateway.RequestTokenAsync(client, TestGateway.R1Id, "guess-" + i);
            statuses.Add(wrong.StatusCode);
        }

        using var limited = await gateway.RequestTokenAsync(client, TestGateway.R1Id, TestGateway.R1Secret);
        using var otherClient = await gateway.RequestTokenAsync(client, TestGateway.R2Id, TestGateway.R2Secret);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Contains("temporarily_unavailable", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
        var entries = (await gateway.AuditOfAsync("/connect/token")).Where(e => e.ClientId == TestGateway.R1Id).ToList();
        Assert.Equal([401, 401, 401, 429], entries.Select(e => e.Status));
        Assert.Equal("rate limited", entries[3].Reason);
    }

    [Fact]
    public async Task TokenRequests_FailedFromOneAddress_CountAgainstTheAddressLimitWithDataRequests()
    {
        var limits = new GatewayLimits { RequestsPerAddress = 3, RateWindow = TimeSpan.FromHours(1), FailuresBeforeLockout = 100, FailuresPerAddressBeforeLockout = 100 };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits);
        var client = gateway.Client();

        using var first = await gateway.RequestTokenAsync(client, "sprayed-1", "guess");
        using var data = await TestGateway.GetAsync(client, null, $"api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-01");
        using var second = await gateway.RequestTokenAsync(client, "sprayed-2", "guess");
        using var third = await gateway.RequestTokenAsync(client, TestGateway.R2Id, TestGateway.R2Secret);

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests],
            new[] { first.StatusCode, data.StatusCode, second.StatusCode, third.StatusCode });
        Assert.NotNull(third.Headers.RetryAfter?.Delta);
        var entry = Assert.Single(await gateway.AuditOfAsync("/connect/token"), e => e.Status == 429);
        Assert.Equal(TestGateway.R2Id, entry.ClientId);
        Assert.Equal("rate limited", entry.Reason);
    }

    [Fact]
    public async Task TokenRequest_Successful_IsCountedOnce()
    {
        // Two permits for the address: the token request and one data request; a third request is refused.
        var limits = new GatewayLimits { RequestsPerAddress = 2, RateWindow = TimeSpan.FromHours(1) };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits);
        var client = gateway.Client();

        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        using var data = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, "2026-11-01");
        using var over = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, "2026-11-02");

        Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Equal([200], (await gateway.AuditOfAsync("/connect/token")).Select(e => e.Status));
        Assert.Equal([200, 429], (await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals")).Select(e => e.Status));
    }
}
