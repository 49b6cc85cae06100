using System.Net;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Staff;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Staff;

/// <summary>
/// Staff log in at the gateway's own log-in page, so the gateway sees each browser's address: a wrong password counts
/// against the account and against that address. One account's failures lock that account, not the other staff or
/// the retailer systems; spraying many accounts from one address locks the address.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class StaffLockoutTests(InternalZone zone)
{
    private const string Password = "staff password one";

    private static readonly StaffAccount[] Staff =
    [
        new("alice", Password, "Alice", Market.R1),
        new("bob", Password, "Bob", Market.R1),
        new("carol", Password, "Carol", Market.R2),
    ];

    [Fact]
    public async Task StaffLogIns_OneAccountsWrongPasswords_LockThatAccountOnly_NotOtherStaffOrSystems()
    {
        var limits = new GatewayLimits { FailuresBeforeLockout = 3, FailuresPerAddressBeforeLockout = 10 };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits, staff: Staff);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await new StaffCodeFlow().LogInAsync(gateway.Browser(), "alice", "wrong-" + i);
            statuses.Add(wrong.StatusCode);
        }

        using var aliceRight = await new StaffCodeFlow().LogInAsync(gateway.Browser(), "alice", Password);
        using var bobRight = await new StaffCodeFlow().LogInAsync(gateway.Browser(), "bob", Password);
        using var system = await gateway.RequestTokenAsync(gateway.Client(), TestGateway.R1Id, TestGateway.R1Secret);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, aliceRight.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, bobRight.StatusCode);
        Assert.Equal(HttpStatusCode.OK, system.StatusCode);
        var alice = (await gateway.AuditOfAsync("/connect/authorize")).Where(e => e.ClientId == "staff:alice").ToList();
        Assert.Equal([401, 401, 401, 429], alice.Select(e => e.Status));
    }

    [Fact]
    public async Task StaffLogIns_ManyAccountsFromOneAddress_LockThatAddress()
    {
        var limits = new GatewayLimits { FailuresBeforeLockout = 100, FailuresPerAddressBeforeLockout = 3 };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits, staff: Staff);

        // Spraying: one guess per account, all from one address.
        foreach (var user in new[] { "alice", "carol", "nobody" })
        {
            using var wrong = await new StaffCodeFlow().LogInAsync(gateway.Browser(), user, "spring2026!");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var bob = await new StaffCodeFlow().LogInAsync(gateway.Browser(), "bob", Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, bob.StatusCode);
        var entry = (await gateway.AuditOfAsync("/connect/authorize")).Last(e => e.ClientId == "staff:bob");
        Assert.Equal((429, "locked out after repeated failed authentications"), (entry.Status, entry.Reason));
    }
}
