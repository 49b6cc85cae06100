using System.Net;
using Microsoft.Extensions.Time.Testing;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Ips;

/// <summary>Brute force against the token endpoint: after the limit of failures even the right secret is refused until the lockout ends.</summary>
[Collection(InternalZoneCollection.Name)]
public sealed class LockoutTests(InternalZone zone)
{
    [Fact]
    public async Task TokenRequests_RepeatedWrongSecrets_LockOutEvenTheRightSecretUntilTheLockoutEnds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var limits = new GatewayLimits { FailuresBeforeLockout = 3, LockoutDuration = TimeSpan.FromMinutes(15) };
        await using var gateway = await TestGateway.StartAsync(zone, clock: clock, limits: limits);
        var client = gateway.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await gateway.RequestTokenAsync(client, TestGateway.R1Id, "guess-" + i);
            statuses.Add(wrong.StatusCode);
        }

        using var locked = await gateway.RequestTokenAsync(client, TestGateway.R1Id, TestGateway.R1Secret);
        clock.Advance(TimeSpan.FromMinutes(15));
        using var afterwards = await gateway.RequestTokenAsync(client, TestGateway.R1Id, TestGateway.R1Secret);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), locked.Headers.RetryAfter?.Delta);
        Assert.Contains("too many failed authentications", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        var entries = await gateway.AuditOfAsync("/connect/token");
        Assert.Equal([401, 401, 401, 429, 200], entries.Select(e => e.Status));
        Assert.All(entries, e => Assert.Equal(TestGateway.R1Id, e.ClientId));
        Assert.Equal("locked out after repeated failed authentications", entries[3].Reason);
    }

    [Fact]
    public async Task TokenRequests_LockedOutClient_DoesNotLockOutAnotherClient()
    {
        var limits = new GatewayLimits { FailuresBeforeLockout = 2 };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits);
        var client = gateway.Client();
        for (var i = 0; i < 2; i++)
        {
            using var wrong = await gateway.RequestTokenAsync(client, TestGateway.R1Id, "guess-" + i);
        }

        using var r1 = await gateway.RequestTokenAsync(client, TestGateway.R1Id, TestGateway.R1Secret);
        using var r2 = await gateway.RequestTokenAsync(client, TestGateway.R2Id, TestGateway.R2Secret);

        Assert.Equal(HttpStatusCode.TooManyRequests, r1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        var entries = await gateway.AuditOfAsync("/connect/token");
        Assert.Equal(
            [(TestGateway.R1Id, 401), (TestGateway.R1Id, 401), (TestGateway.R1Id, 429), (TestGateway.R2Id, 200)],
            entries.Select(e => (e.ClientId, e.Status)));
        Assert.Equal("locked out after repeated failed authentications", entries[2].Reason);
    }

    [Fact]
    public async Task TokenRequests_ManyClientIdsFromOneAddress_LockOutTheAddress()
    {
        var limits = new GatewayLimits { FailuresBeforeLockout = 100, FailuresPerAddressBeforeLockout = 4 };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits);
        var client = gateway.Client();
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await gateway.RequestTokenAsync(client, "sprayed-" + i, "guess");
        }

        using var right = await gateway.RequestTokenAsync(client, TestGateway.R2Id, TestGateway.R2Secret);

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter?.Delta);
        var entries = await gateway.AuditOfAsync("/connect/token");
        Assert.Equal([401, 401, 401, 401, 429], entries.Select(e => e.Status));
        Assert.Equal((TestGateway.R2Id, "denied"), (entries[4].ClientId, entries[4].Outcome));
        Assert.StartsWith("locked out", entries[4].Reason, StringComparison.Ordinal);
    }
}
