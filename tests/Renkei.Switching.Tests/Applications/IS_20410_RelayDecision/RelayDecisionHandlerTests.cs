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

namespace Renkei.Switching.Tests.Applications.IS_20410_RelayDecision;

/// <summary>廃止取次判定 (IS_20410): OK matches, NG rejects the linked switch-in; against SQLite and PostgreSQL.</summary>
public abstract class RelayDecisionHandlerTests : StoreTests
{
    [SkippableFact]
    public async Task Relay_OkDecisionThenSwitchIn_MatchesAndCompletes()
    {
        await using var h = await StartAsync();

        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;
        var inquiry = await h.Queries.InquireRelaysAsync(Old, false, default);
        var decided = await h.RelayDecisions.DecideAsync(Old, relay.Number, new RelayDecisionRequest("01", null), "d", default);
        var switchIn = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, relay.Number), "in", false, default);

        Assert.Equal(relay.Number, Assert.Single(inquiry).Number);
        Assert.Equal(RelayStatus.DecidedOk, decided!.Result!.Status);
        Assert.Equal(ApplicationStatus.Completed, switchIn.Result!.Status);
        Assert.Equal(Dec15, switchIn.Result.SwitchDate);
        Assert.Equal(RelayStatus.MatchedOk, (await h.Queries.GetRelayAsync(New, relay.Number, default))!.Status);
        var open = await h.Context().WheelingContracts.SingleAsync(c => c.SupplyPointId == Point && c.EndDate == null);
        Assert.Equal(New, open.RetailerCode);
    }

    [SkippableFact]
    public async Task Relay_SwitchInFirstThenOkDecision_Completes()
    {
        await using var h = await StartAsync();

        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, relay.Number), "in", false, default)).Result!;
        await h.RelayDecisions.DecideAsync(Old, relay.Number, new RelayDecisionRequest("01", null), "d", default);

        Assert.Contains("廃止取次", switchIn.WaitingFor, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Completed, (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!.Status);
    }

    [SkippableFact]
    public async Task Relay_NgDecision_RejectsLinkedSwitchInWithReasons()
    {
        await using var h = await StartAsync();

        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, relay.Number), "in", false, default)).Result!;
        var decided = await h.RelayDecisions.DecideAsync(Old, relay.Number, new RelayDecisionRequest("02", [4, 2]), "d", default);

        Assert.Equal(RelayStatus.DecidedNg, decided!.Result!.Status);
        Assert.Equal([2, 4], decided.Result.NgReasons.Select(r => r.Code).ToArray());
        var polled = (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!;
        Assert.Equal(ApplicationStatus.Rejected, polled.Status);
        Assert.Equal(RelayDecisionHandler.RelayNgCode, polled.ReasonCode);
        Assert.Equal(Old, (await h.Context().WheelingContracts.SingleAsync(c => c.SupplyPointId == Point && c.EndDate == null)).RetailerCode);
    }

    [SkippableFact]
    public async Task Relay_DecisionByAnotherRetailer_NotFound()
    {
        await using var h = await StartAsync();

        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;

        Assert.Null(await h.RelayDecisions.DecideAsync(Third, relay.Number, new RelayDecisionRequest("01", null), "d", default));
        Assert.Null(await h.RelayDecisions.DecideAsync(New, relay.Number, new RelayDecisionRequest("01", null), "d", default));
        Assert.Null(await h.Queries.GetRelayAsync(Third, relay.Number, default));
    }

    [SkippableFact]
    public async Task Relay_InvalidDecision_ListsEveryProblem()
    {
        await using var h = await StartAsync();
        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;

        var result = await h.RelayDecisions.DecideAsync(Old, relay.Number, new RelayDecisionRequest("02", [0, 10]), "d", default);

        Assert.Equal(2, result!.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal(DecisionFormRule.ErrorCode, e.Code));
        Assert.Equal(RelayStatus.AwaitingDecision, (await h.Queries.GetRelayAsync(New, relay.Number, default))!.Status);
    }
}

public sealed class SqliteRelayDecisionHandlerTests : RelayDecisionHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresRelayDecisionHandlerTests : RelayDecisionHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
