using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.Correction;
using Renkei.Switching.Applications.Deadlines;
using Renkei.Switching.Applications.IF_10210_UsageInformation;
using Renkei.Switching.Applications.IF_10410_MoveIn;
using Renkei.Switching.Applications.IF_10510_MoveOut;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Withdrawal;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.IS_20110_CancellationRelay;

/// <summary>廃止取次の取下げ: the new retailer withdraws its 廃止取次 before matching; against SQLite and PostgreSQL.</summary>
public abstract class RelayWithdrawalHandlerTests : StoreTests
{
    [SkippableFact]
    public async Task RelayWithdrawal_BeforeDecision_WithdrawsRelayAndItsSwitchInAndTellsTheCurrentRetailer()
    {
        await using var h = await StartAsync();
        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, relay.Number), "in", false, default)).Result!;

        var withdrawn = await h.RelayWithdrawals.WithdrawAsync(New, relay.Number, "w-" + relay.Number, default);
        var decision = await h.RelayDecisions.DecideAsync(Old, relay.Number, new RelayDecisionRequest("01", null), "d", default);
        var other = await h.SwitchIns.SubmitAsync(Third, new SwitchInRequest(Point, null, null), "t", false, default);

        Assert.Equal(RelayStatus.Withdrawn, withdrawn!.Result!.Status);
        Assert.Equal(ApplicationStatus.Withdrawn, (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!.Status);
        Assert.False(decision!.Accepted);
        Assert.True(other.Accepted);
        var oldEvents = await h.Notifications.GetEventsAsync(Old, 0, 100, default);
        Assert.Contains(oldEvents.Items, e => e.SubjectId == relay.Number && e.Status == RelayStatus.Withdrawn);
        Assert.Equal(Old, (await h.Context().WheelingContracts.SingleAsync(c => c.SupplyPointId == Point && c.EndDate == null)).RetailerCode);
    }

    [SkippableFact]
    public async Task RelayWithdrawal_AfterOkDecision_WithdrawsTheSwitchOutItMadeToo()
    {
        await using var h = await StartAsync();
        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;
        await h.RelayDecisions.DecideAsync(Old, relay.Number, new RelayDecisionRequest("01", null), "d", default);

        var withdrawn = await h.RelayWithdrawals.WithdrawAsync(New, relay.Number, "w-" + relay.Number, default);

        Assert.Equal(RelayStatus.Withdrawn, withdrawn!.Result!.Status);
        var switchOut = await h.Context().Applications.SingleAsync(a => a.Kind == ApplicationKinds.SwitchOut);
        Assert.Equal(ApplicationStatus.Withdrawn, switchOut.Status);
        Assert.Equal(ApplicationLedger.HubActor, (await h.Context().AuditEntries.Where(e => e.SubjectId == switchOut.Number).OrderBy(e => e.Id).LastAsync()).Actor);
    }

    [SkippableFact]
    public async Task RelayWithdrawal_AfterMatchingOrByTheCurrentRetailer_RefusedOrNotFound()
    {
        await using var h = await StartAsync();
        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;
        await h.RelayDecisions.DecideAsync(Old, relay.Number, new RelayDecisionRequest("01", null), "d", default);
        await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, relay.Number), "in", false, default);

        var locked = await h.RelayWithdrawals.WithdrawAsync(New, relay.Number, "w-" + relay.Number, default);

        Assert.Equal(RelayOpenRule.ErrorCode, Assert.Single(locked!.Errors).Code);
        Assert.Null(await h.RelayWithdrawals.WithdrawAsync(Old, relay.Number, "w-old", default));
        Assert.Equal(RelayStatus.MatchedOk, (await h.Queries.GetRelayAsync(New, relay.Number, default))!.Status);
    }
}

public sealed class SqliteRelayWithdrawalHandlerTests : RelayWithdrawalHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresRelayWithdrawalHandlerTests : RelayWithdrawalHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
