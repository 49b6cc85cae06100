using System.Net;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Staff;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Staff;

/// <summary>
/// Staff log-ins all reach the gateway from the screens' one address, so the lockout counts a wrong password
/// against the account and against the end user's address the authenticated screens client reports, never against
/// the screens' address: one person's failures lock neither the other staff nor the screens out, and neither a
/// made-up address nor a fresh one per guess gets a guesser past the lockout.
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
    public async Task StaffLogIns_OneAccountsWrongPasswords_LockThatAccountOnly_NotOtherStaffOrTheScreensAddress()
    {
        // Three failures lock an account; five from one address would lock the address, were the screens' address counted.
        var limits = new GatewayLimits { FailuresBeforeLockout = 3, FailuresPerAddressBeforeLockout = 5 };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits, staff: Staff);
        var client = gateway.Client();

        // A fresh end-user address for every guess: the account's count is what locks it.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await gateway.StaffLogInAsync(client, "alice", "wrong-" + i, endUserAddress: "192.0.2." + (10 + i));
            statuses.Add(wrong.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var wrong = await gateway.StaffLogInAsync(client, "carol", "wrong-" + i, endUserAddress: "192.0.2.50");
            statuses.Add(wrong.StatusCode);
        }

        using var aliceRight = await gateway.StaffLogInAsync(client, "alice", Password, endUserAddress: "192.0.2.99");
        using var bobRight = await gateway.StaffLogInAsync(client, "bob", Password, endUserAddress: "192.0.2.10");
        using var carolRight = await gateway.StaffLogInAsync(client, "carol", Password, endUserAddress: "192.0.2.50");
        using var system = await gateway.RequestTokenAsync(client, TestGateway.R1Id, TestGateway.R1Secret);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, aliceRight.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), aliceRight.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, bobRight.StatusCode);
        Assert.Equal(HttpStatusCode.OK, carolRight.StatusCode);
        Assert.Equal(HttpStatusCode.OK, system.StatusCode);
        var alice = (await gateway.AuditOfAsync("/connect/token")).Where(e => e.ClientId == "staff:alice").ToList();
        Assert.Equal([400, 400, 400, 429], alice.Select(e => e.Status));
        Assert.All(alice.Take(3), e => Assert.Equal("invalid staff user name or password", e.Reason));
        Assert.Equal("locked out after repeated failed authentications", alice[3].Reason);
    }

    [Fact]
    public async Task StaffLogIns_ManyAccountsFromOneEndUserAddress_LockThatAddressOnly()
    {
        var limits = new GatewayLimits { FailuresBeforeLockout = 100, FailuresPerAddressBeforeLockout = 3 };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits, staff: Staff);
        var client = gateway.Client();

        // Spraying: one guess per account, all from one person's address.
        foreach (var user in new[] { "alice", "carol", "nobody" })
        {
            using var wrong = await gateway.StaffLogInAsync(client, user, "spring2026!", endUserAddress: "203.0.113.7");
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var fromThere = await gateway.StaffLogInAsync(client, "bob", Password, endUserAddress: "203.0.113.7");
        using var fromElsewhere = await gateway.StaffLogInAsync(client, "bob", Password, endUserAddress: "203.0.113.8");

        Assert.Equal(HttpStatusCode.TooManyRequests, fromThere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromElsewhere.StatusCode);
        var bob = (await gateway.AuditOfAsync("/connect/token")).Where(e => e.ClientId == "staff:bob").ToList();
        Assert.Equal([429, 200], bob.Select(e => e.Status));
        Assert.Equal("locked out after repeated failed authentications", bob[0].Reason);
    }

    [Fact]
    public async Task StaffLogIns_ReportedAddressWithoutTheScreensSecret_IsNotBelieved_TheRealAddressIsLockedOut()
    {
        var limits = new GatewayLimits { FailuresBeforeLockout = 100, FailuresPerAddressBeforeLockout = 3 };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits, staff: Staff);
        var client = gateway.Client();

        // An attacker without the screens' secret names a new end-user address with every guess.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var forged = await gateway.StaffLogInAsync(client, "alice", Password, endUserAddress: "198.51.100." + i, screensSecret: "guessed-secret-" + i);
            statuses.Add(forged.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        var entries = (await gateway.AuditOfAsync("/connect/token")).Where(e => e.ClientId == "staff:alice").ToList();
        Assert.Equal([401, 401, 401, 429], entries.Select(e => e.Status));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.SourceAddress));
    }
}
