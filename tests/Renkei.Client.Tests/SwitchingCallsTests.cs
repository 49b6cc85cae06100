using System.Net;
using System.Net.Security;
using Renkei.Client.Tests.Support;
using Renkei.Formats.Api.Switching;

namespace Renkei.Client.Tests;

/// <summary>The switching routes through the real gateway, as a retailer system (or the screens) calls them.</summary>
public sealed class SwitchingCallsTests(DemoGateway demo) : IClassFixture<DemoGateway>
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

    [Fact]
    public async Task Facility_OwnPoint_IsATypedView()
    {
        using var client = demo.ClientFor(demo.A);

        var facility = await client.GetFacilityAsync(demo.A.SuppliesToday[0]);

        Assert.Equal(demo.A.SuppliesToday[0], facility.SupplyPointId);
        Assert.NotEmpty(facility.VoltageClass);
    }

    [Fact]
    public async Task SearchThenSwitchInWithRelay_DecidedOkByTheCurrentRetailer_IsMatchedAndReplaysByKey()
    {
        var example = demo.A.SwitchInExample!;
        var current = demo.Host.Credentials.Retailers.Single(r => r.Code == example.CurrentRetailer);
        using var a = demo.ClientFor(demo.A);
        using var b = demo.ClientFor(current);
        var wished = Today.AddDays(21);
        var key = Guid.NewGuid().ToString("N");

        var hits = await a.SearchSupplyPointsAsync(example.Address, example.HolderName);
        var relay = await a.RegisterRelayAsync(
            new RelayRegistrationRequest(example.SupplyPointId, example.ContractNumber, example.HolderName, example.HolderNameKana, example.Address, wished, "営業部 鈴木", "03-1234-5678"),
            key + "-IS_20110");
        var dry = await a.CheckSwitchInAsync(new SwitchInRequest(example.SupplyPointId, wished, relay.Number));
        var switchIn = await a.SwitchInAsync(new SwitchInRequest(example.SupplyPointId, wished, relay.Number), key + "-IF_10610");
        var again = await a.SwitchInAsync(new SwitchInRequest(example.SupplyPointId, wished, relay.Number), key + "-IF_10610");
        var inbox = await b.ListRelaysAsync();
        var decided = await b.DecideRelayAsync(relay.Number, new RelayDecisionRequest("01", null), key + "-IS_20410");
        var after = await a.GetApplicationAsync(switchIn.Number);
        var history = await a.GetApplicationHistoryAsync(switchIn.Number);
        var listed = await a.ListApplicationsAsync(1000);
        var events = await a.GetSwitchingChangesAsync();

        Assert.Contains(hits, h => h.SupplyPointId == example.SupplyPointId);
        Assert.True(dry.Valid, string.Join("; ", dry.Errors.Select(e => e.Message)));
        Assert.Equal("IF_10610", switchIn.Kind);
        Assert.Equal(relay.Number, switchIn.RelayNumber);
        Assert.Equal(switchIn.Number, again.Number);
        Assert.Contains(inbox, r => r.Number == relay.Number && r.ContractNumber == example.ContractNumber);
        Assert.Equal(relay.Number, decided.Number);
        Assert.Contains(after.Status, new[] { "05", "06" });
        Assert.NotEmpty(history);
        Assert.Contains(listed, x => x.Number == switchIn.Number);
        Assert.Contains(events.Items, e => e.SubjectId == switchIn.Number);
    }

    [Fact]
    public async Task SwitchIn_BrokenRequest_ThrowsWithEveryFailedRule()
    {
        using var client = demo.ClientFor(demo.A);

        var e = await Assert.ThrowsAsync<RenkeiApiException>(() => client.SwitchInAsync(new SwitchInRequest("123", null, null), Guid.NewGuid().ToString("N")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.StatusCode);
        Assert.Contains("supplyPointId", e.Errors.Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Application_OfAnotherRetailer_Is404()
    {
        using var a = demo.ClientFor(demo.A);
        using var b = demo.ClientFor(demo.B);
        var mine = await a.MoveOutAsync(new MoveOutRequest(demo.A.SuppliesToday[^1], Today.AddDays(30), false, new ApplicationContent(MoveOutReason: "01")), Guid.NewGuid().ToString("N"));

        var e = await Assert.ThrowsAsync<RenkeiApiException>(() => b.GetApplicationAsync(mine.Number));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal(mine.Number, (await a.GetApplicationAsync(mine.Number)).Number);
    }

    [Fact]
    public async Task BearerTokenSupplier_UsesTheCallersTokenAndAnswers401WithoutRetrying()
    {
        using var owner = demo.ClientFor(demo.A);
        var token = (await owner.GetTokenAsync()).Value;
        var asked = 0;
        using var client = new RenkeiClient(Http(), _ => { asked++; return ValueTask.FromResult(token); });
        using var stranger = new RenkeiClient(Http(), _ => ValueTask.FromResult("not-a-token"));

        var facility = await client.GetFacilityAsync(demo.A.SuppliesToday[0]);
        var e = await Assert.ThrowsAsync<RenkeiApiException>(() => stranger.GetFacilityAsync(demo.A.SuppliesToday[0]));

        Assert.Equal(demo.A.SuppliesToday[0], facility.SupplyPointId);
        Assert.Equal(1, asked);
        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetTokenAsync());
    }

    private HttpClient Http() => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == demo.ServerCertificate.GetCertHashString() },
    })
    { BaseAddress = demo.Host.GatewayUrl };
}
