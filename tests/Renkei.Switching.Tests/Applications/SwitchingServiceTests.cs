using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10210_UsageInformation;
using Renkei.Switching.Applications.IF_10410_MoveIn;
using Renkei.Switching.Applications.IF_10510_MoveOut;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tests.Support;
using Renkei.Switching.Applications.Withdrawal;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Deadlines;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications;

/// <summary>The hub's application processing, run against SQLite and PostgreSQL by the two derived classes.</summary>
public abstract class SwitchingServiceTests
{
    private static readonly DateOnly Dec15 = new(2026, 12, 15);

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<Harness> StartAsync() => await Harness.StartAsync(await CreateDatabaseAsync());

    private static RelayRegistrationRequest Relay(DateOnly wished) =>
        new(Point, "K-0001", "山田太郎", "ヤマダタロウ", "東京都千代田区丸の内1-1", wished, "佐藤", "03-1234-5678");

    [SkippableFact]
    public async Task Migrate_EmptyDatabase_CreatesSchemaWithTenAreas()
    {
        await using var h = await StartAsync();
        Assert.Equal(10, await h.Context().Areas.CountAsync());
        Assert.Equal("Kansai", (await h.Context().Areas.SingleAsync(a => a.Number == 6)).Name);
    }

    [SkippableFact]
    public async Task SwitchIn_NoDateGiven_TakesReadingDayAfterStandardPeriodWithDeadline()
    {
        await using var h = await StartAsync();

        // Friday 11-27: 1 business day (Mon 11-30) + 2 days = Wed 12-02; the point's reading day is the 15th.
        var result = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "k1", false, default);

        Assert.True(result.Accepted);
        Assert.Equal(new DateOnly(2026, 12, 2), result.EarliestDate);
        Assert.Equal(Dec15, result.Result!.SwitchDate);
        Assert.Equal(new DateOnly(2026, 12, 10), result.Result.Deadline);
        Assert.Equal(ApplicationStatus.Received, result.Result.Status);
        Assert.Contains("switch-out (IF_10710)", result.Result.WaitingFor, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SwitchIn_ConventionalMeter_UsesMeterWorkPeriod()
    {
        await using var h = await StartAsync();

        var result = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(ConventionalPoint, null, null), null, true, default);

        // 8 business days after Fri 11-27 is Wed 12-09, + 2 days = Fri 12-11.
        Assert.Equal(new DateOnly(2026, 12, 11), result.EarliestDate);
    }

    [SkippableFact]
    public async Task SwitchIn_DateBeforeStandardPeriod_RejectedWithEarliestDateAndNothingStored()
    {
        await using var h = await StartAsync();

        var result = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, new DateOnly(2026, 12, 1), null), "k1", false, default);

        var error = Assert.Single(result.Errors);
        Assert.Equal(SwitchDateRule.ErrorCode, error.Code);
        Assert.Equal("switchDate", error.Field);
        Assert.Equal(new DateOnly(2026, 12, 2), result.EarliestDate);
        Assert.Equal(0, await h.Context().Applications.CountAsync());
        Assert.Equal(0, await h.Context().IdempotencyRecords.CountAsync());
    }

    [SkippableFact]
    public async Task SwitchIn_SeveralRulesFail_ListsEveryFailedRule()
    {
        await using var h = await StartAsync();

        // The current supplier asks to switch in its own point, too early, with a relay that does not exist.
        var result = await h.SwitchIns.SubmitAsync(Old, new SwitchInRequest(Point, new DateOnly(2026, 11, 30), "C999999999999"), "k1", false, default);

        Assert.Equal(
            [AlreadySupplierRule.ErrorCode, SwitchDateRule.ErrorCode, RelayRule.ErrorCode],
            result.Errors.Select(e => e.Code).ToArray());
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrEmpty(e.MessageJa)));
    }

    [SkippableFact]
    public async Task SwitchIn_MalformedPointId_RejectedWithFormatRule()
    {
        await using var h = await StartAsync();

        var result = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest("1100000000000000000001", null, null), "k1", false, default);

        var error = Assert.Single(result.Errors);
        Assert.Equal(Renkei.Switching.Applications.Validation.SupplyPointIdFormatRule.ErrorCode, error.Code);
        Assert.Contains("area code 11", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SwitchIn_PointWithoutContract_RejectedAsMoveInCase()
    {
        await using var h = await StartAsync();

        var result = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(VacantPoint, null, null), "k1", false, default);

        Assert.Equal(CurrentContractRule.ErrorCode, Assert.Single(result.Errors).Code);
    }

    [SkippableFact]
    public async Task DryRun_ValidSwitchIn_ReturnsDatesAndCommitsNothing()
    {
        await using var h = await StartAsync();

        var result = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "k1", true, default);

        Assert.True(result.DryRun);
        Assert.Empty(result.Errors);
        Assert.Null(result.Result);
        Assert.Equal(new DateOnly(2026, 12, 2), result.EarliestDate);
        Assert.Equal(Dec15, result.EffectiveDate);
        Assert.Equal(0, await h.Context().Applications.CountAsync());
        Assert.Equal(0, await h.Context().AuditEntries.CountAsync());
        Assert.Equal(0, await h.Context().IdempotencyRecords.CountAsync());
    }

    [SkippableFact]
    public async Task SwitchInThenSwitchOut_SameDate_CompletesAndChangesContractsInFeed()
    {
        await using var h = await StartAsync();
        var before = await h.Context().WheelingContracts.MaxAsync(c => c.ChangeSeq);

        var switchIn = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default);
        var switchOut = await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, "K-0001"), "out", false, default);

        Assert.Equal(ApplicationStatus.Completed, switchOut.Result!.Status);
        Assert.Equal(ApplicationStatus.Completed, (await h.Queries.GetApplicationAsync(New, switchIn.Result!.Number, default))!.Status);
        var feed = await new SwitchingStore(h.Context()).GetContractChangesAsync(before, 100, default);
        Assert.Equal(2, feed.Items.Count);
        Assert.Equal((Old, (DateOnly?)Dec15), (feed.Items[0].RetailerCode, feed.Items[0].EndDate));
        Assert.Equal((New, Dec15, (DateOnly?)null), (feed.Items[1].RetailerCode, feed.Items[1].StartDate, feed.Items[1].EndDate));
        Assert.Equal(feed.Items[1].Seq, feed.Next);
        var contracts = await new SwitchingStore(h.Context()).GetContractsAsync(SupplyPointId.Parse(Point), default);
        Assert.False(contracts[0].Covers(Dec15));
        Assert.True(contracts[1].Covers(Dec15));
    }

    [SkippableFact]
    public async Task SwitchOutFirst_ThenSwitchIn_Completes()
    {
        await using var h = await StartAsync();

        var switchOut = await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, null), "out", false, default);
        var switchIn = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default);

        Assert.Equal(ApplicationStatus.Received, switchOut.Result!.Status);
        Assert.Equal(ApplicationStatus.Completed, switchIn.Result!.Status);
    }

    [SkippableFact]
    public async Task SwitchOut_ByRetailerThatDoesNotSupply_SameAnswerAsUnknownPoint()
    {
        await using var h = await StartAsync();

        var notMine = await h.SwitchOuts.SubmitAsync(New, new SwitchOutRequest(Point, Dec15, null), "a", false, default);
        var unknown = await h.SwitchOuts.SubmitAsync(New, new SwitchOutRequest("0399999999999999999999", Dec15, null), "b", false, default);

        Assert.Equal(notMine.Errors, unknown.Errors);
        Assert.Equal(CurrentRetailerRule.ErrorCode, Assert.Single(notMine.Errors).Code);
    }

    [SkippableFact]
    public async Task SwitchOut_PastDate_Rejected()
    {
        await using var h = await StartAsync();

        var result = await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, new DateOnly(2026, 11, 26), null), "a", false, default);

        Assert.Equal(SwitchOutDateRule.ErrorCode, Assert.Single(result.Errors).Code);
    }

    [SkippableFact]
    public async Task IdempotencyKey_Repeat_ReturnsFirstResultAndStoresOneApplication()
    {
        await using var h = await StartAsync();
        var request = new SwitchInRequest(Point, Dec15, null);

        var first = await h.SwitchIns.SubmitAsync(New, request, "same-key", false, default);
        var again = await h.SwitchIns.SubmitAsync(New, request, "same-key", false, default);

        Assert.True(again.Replayed);
        Assert.Equal(first.Result, again.Result);
        Assert.Equal(1, await h.Context().Applications.CountAsync());
    }

    [SkippableFact]
    public async Task IdempotencyKey_ReusedForOtherRequest_Refused()
    {
        await using var h = await StartAsync();

        await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "same-key", false, default);
        var other = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(ConventionalPoint, null, null), "same-key", false, default);

        Assert.Equal(ApplicationPipeline.IdempotencyConflictCode, Assert.Single(other.Errors).Code);
        Assert.Equal(1, await h.Context().Applications.CountAsync());
    }

    [SkippableFact]
    public async Task CompetingSwitchIn_SecondRetailer_RejectedWhileFirstIsInProgress()
    {
        await using var h = await StartAsync();

        var first = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "a", false, default);
        var second = await h.SwitchIns.SubmitAsync(Third, new SwitchInRequest(Point, Dec15, null), "b", false, default);

        Assert.True(first.Accepted);
        var error = Assert.Single(second.Errors);
        Assert.Equal(CompetingApplicationRule.ErrorCode, error.Code);
        Assert.DoesNotContain(first.Result!.Number, error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ParallelSwitchIns_SamePoint_ExactlyOneWins()
    {
        await using var h = await Harness.StartAsync(await CreateDatabaseAsync(), extraRetailers: 8);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            h.SwitchIns.SubmitAsync(RetailerCodeOf(i), new SwitchInRequest(Point, Dec15, null), "k" + i, false, default))));

        Assert.Single(results, r => r.Accepted);
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(CompetingApplicationRule.ErrorCode, Assert.Single(r.Errors).Code));
        Assert.Equal(1, await h.Context().Applications.CountAsync());
    }

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

    [SkippableFact]
    public async Task RelayRegistration_MissingIdentityItems_ListsEachField()
    {
        await using var h = await StartAsync();

        var result = await h.Relays.SubmitAsync(New, new RelayRegistrationRequest(Point, null, " ", null, null, null, null, null), "r", false, default);

        Assert.Equal(["contractNumber", "holderName", "address", "wishedDate"], result.Errors.Select(e => e.Field).ToArray());
        Assert.Equal(0, await h.Context().CancellationRelays.CountAsync());
    }

    [SkippableFact]
    public async Task Deadline_Passed_RejectsUnmatchedSwitchInAndSwitchOut()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;
        var switchOut = (await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, new DateOnly(2026, 12, 16), null), "out", false, default)).Result!;

        var onDeadline = await h.Deadlines.RunAsync(default);
        h.Clock.Advance(TimeSpan.FromDays(14)); // 12-11: after the switch-in's deadline 12-10, before the switch-out's
        var afterFirst = await h.Deadlines.RunAsync(default);
        h.Clock.Advance(TimeSpan.FromDays(7));
        var afterBoth = await h.Deadlines.RunAsync(default);

        Assert.Equal((0, 0), onDeadline);
        Assert.Equal((1, 0), afterFirst);
        Assert.Equal((1, 0), afterBoth);
        foreach (var number in new[] { switchIn.Number, switchOut.Number })
        {
            var retailer = number == switchIn.Number ? New : Old;
            var polled = (await h.Queries.GetApplicationAsync(retailer, number, default))!;
            Assert.Equal(ApplicationStatus.Rejected, polled.Status);
            Assert.Equal(DeadlineHandler.DeadlineCode, polled.ReasonCode);
        }
    }

    [SkippableFact]
    public async Task Deadline_RelayNeverDecided_Expires()
    {
        await using var h = await StartAsync();
        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;

        h.Clock.Advance(TimeSpan.FromDays(14));
        var swept = await h.Deadlines.RunAsync(default);

        Assert.Equal((0, 1), swept);
        Assert.Equal(RelayStatus.Expired, (await h.Queries.GetRelayAsync(New, relay.Number, default))!.Status);
    }

    [SkippableFact]
    public async Task Withdraw_BeforeMatching_Withdrawn()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;

        var withdrawn = await h.Withdrawals.WithdrawAsync(New, switchIn.Number, "w-" + switchIn.Number, default);
        var retry = await h.SwitchIns.SubmitAsync(Third, new SwitchInRequest(Point, Dec15, null), "t", false, default);

        Assert.Equal(ApplicationStatus.Withdrawn, withdrawn!.Result!.Status);
        Assert.True(retry.Accepted);
    }

    [SkippableFact]
    public async Task Withdraw_AfterCompletion_RefusedAsLocked()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;
        await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, null), "out", false, default);

        var withdrawn = await h.Withdrawals.WithdrawAsync(New, switchIn.Number, "w-" + switchIn.Number, default);

        Assert.Equal(WithdrawalHandler.LockedCode, Assert.Single(withdrawn!.Errors).Code);
        Assert.Equal(ApplicationStatus.Completed, (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!.Status);
    }

    [SkippableFact]
    public async Task StatusPoll_AnotherRetailersApplication_NotVisible()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;

        Assert.Null(await h.Queries.GetApplicationAsync(Third, switchIn.Number, default));
        Assert.Null(await h.Queries.GetApplicationHistoryAsync(Third, switchIn.Number, default));
        Assert.Null(await h.Withdrawals.WithdrawAsync(Third, switchIn.Number, "w3", default));
    }

    [SkippableFact]
    public async Task AuditTrail_CompletedSwitch_RecordsEveryTransitionWithActor()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;
        await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, null), "out", false, default);

        var history = (await h.Queries.GetApplicationHistoryAsync(New, switchIn.Number, default))!;

        Assert.Equal(
            [(New, "submitted", (string?)null, (string?)"01"), (ApplicationLedger.HubActor, "matched", "01", "05"), (ApplicationLedger.TsoActor, "completed", "05", "06")],
            history.Select(e => (e.Actor, e.Action, e.FromStatus, e.ToStatus)).ToArray());
        Assert.All(history, e => Assert.Equal(Start, e.At));
        Assert.Equal(2, await h.Context().AuditEntries.CountAsync(e => e.Subject == "contract"));
    }

    [SkippableFact]
    public async Task AuditTrail_ChangingAnEntry_Refused()
    {
        await using var h = await StartAsync();
        await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default);
        var db = h.Context();
        var entry = await db.AuditEntries.FirstAsync();

        entry.Detail = "rewritten";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.NotEqual("rewritten", (await h.Context().AuditEntries.FirstAsync()).Detail);
    }

    [SkippableFact]
    public async Task Notifications_RelayRegistered_CurrentRetailerSeesItUntilAcknowledged()
    {
        await using var h = await StartAsync();
        var relay = (await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default)).Result!;

        var peek = await h.Notifications.PeekNotificationsAsync(Old, 10, default);
        var peekAgain = await h.Notifications.PeekNotificationsAsync(Old, 10, default);
        var ack = await h.Notifications.AcknowledgeAsync(Old, peek.Next, default);
        var afterAck = await h.Notifications.PeekNotificationsAsync(Old, 10, default);

        var e = Assert.Single(peek.Items);
        Assert.Equal((RetailerEventKinds.RelayAwaitingDecision, relay.Number, 1L), (e.Kind, e.SubjectId, e.Seq));
        Assert.Equal(peek.Items, peekAgain.Items);
        Assert.True(ack.Accepted);
        Assert.Empty(afterAck.Items);
        Assert.Equal(1, afterAck.Next);
    }

    [SkippableFact]
    public async Task Notifications_AcknowledgeBeyondLastEvent_RefusedAndQueueKept()
    {
        await using var h = await StartAsync();
        await h.Relays.SubmitAsync(New, Relay(Dec15), "r", false, default);

        var ack = await h.Notifications.AcknowledgeAsync(Old, 2, default);

        Assert.Equal("SW050", Assert.Single(ack.Errors).Code);
        Assert.Single((await h.Notifications.PeekNotificationsAsync(Old, 10, default)).Items);
    }

    [SkippableFact]
    public async Task Changes_CompletedSwitch_EachRetailerGetsOnlyItsOwnStatusChangesInOrder()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;
        var switchOut = (await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, null), "out", false, default)).Result!;

        var forNew = await h.Notifications.GetEventsAsync(New, 0, 100, default);
        var forNewAfterFirst = await h.Notifications.GetEventsAsync(New, 1, 100, default);
        var forOld = await h.Notifications.GetEventsAsync(Old, 0, 100, default);
        var forThird = await h.Notifications.GetEventsAsync(Third, 0, 100, default);

        Assert.Equal([(1L, "01"), (2L, "05"), (3L, "06")], forNew.Items.Select(e => (e.Seq, e.Status!)).ToArray());
        Assert.All(forNew.Items, e => Assert.Equal(switchIn.Number, e.SubjectId));
        Assert.Equal([2L, 3L], forNewAfterFirst.Items.Select(e => e.Seq).ToArray());
        Assert.All(forOld.Items, e => Assert.Equal(switchOut.Number, e.SubjectId));
        Assert.Empty(forThird.Items);
    }

    [SkippableFact]
    public async Task Deadline_Approaching_WarnsRetailerOnce()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;

        h.Clock.Advance(TimeSpan.FromDays(12)); // Wed 12-09: the deadline 12-10 is the next business day
        await h.Deadlines.RunAsync(default);
        await h.Deadlines.RunAsync(default);

        var warnings = (await h.Notifications.GetEventsAsync(New, 0, 100, default)).Items.Where(e => e.Kind == RetailerEventKinds.DeadlineApproaching).ToList();
        Assert.Equal(switchIn.Number, Assert.Single(warnings).SubjectId);
        Assert.Equal(ApplicationStatus.Received, (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!.Status);
    }

    [SkippableFact]
    public async Task Routing_PointOfAreaNotServed_RejectedWithAreaRule()
    {
        await using var h = await StartAsync();
        var hub = h.Get<SwitchInHandler>(new Renkei.Switching.Tso.TsoDirectory([3]));

        var kansai = await hub.SubmitAsync(New, new SwitchInRequest(ThirdsPoint, null, null), "k", true, default);
        var tokyo = await hub.SubmitAsync(New, new SwitchInRequest(Point, null, null), "t", true, default);

        Assert.Equal(Renkei.Switching.Applications.Validation.AreaServedRule.ErrorCode, Assert.Single(kansai.Errors).Code);
        Assert.Empty(tokyo.Errors);
    }

    [SkippableFact]
    public async Task Routing_KansaiSwitch_CompletedByAreaSixTso()
    {
        await using var h = await StartAsync();

        await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(ThirdsPoint, Dec15, null), "in", false, default);
        var switchOut = await h.SwitchOuts.SubmitAsync(Third, new SwitchOutRequest(ThirdsPoint, Dec15, null), "out", false, default);

        Assert.Equal(ApplicationStatus.Completed, switchOut.Result!.Status);
        Assert.Equal(2, await h.Context().AuditEntries.CountAsync(e => e.Subject == "contract" && e.Detail!.Contains("(area 06)")));
    }

    [SkippableFact]
    public async Task MoveIn_VacantPointBackDated_CompletedAndContractStartsThatDay()
    {
        await using var h = await StartAsync();
        var start = new DateOnly(2026, 10, 27); // 31 days back

        var result = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, start), "m", false, default);

        Assert.Equal(ApplicationStatus.Completed, result.Result!.Status);
        var contract = await h.Context().WheelingContracts.SingleAsync(c => c.SupplyPointId == VacantPoint);
        Assert.Equal((New, start, (DateOnly?)null), (contract.RetailerCode, contract.StartDate, contract.EndDate));
    }

    [SkippableFact]
    public async Task MoveIn_TooFarBackOrSuppliedPoint_Rejected()
    {
        await using var h = await StartAsync();

        var tooFar = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, new DateOnly(2026, 10, 26)), "a", false, default);
        var supplied = await h.MoveIns.SubmitAsync(New, new MoveInRequest(Point, new DateOnly(2026, 11, 27)), "b", false, default);

        Assert.Equal(MoveInDateRule.ErrorCode, Assert.Single(tooFar.Errors).Code);
        Assert.Equal(VacantPointRule.ErrorCode, Assert.Single(supplied.Errors).Code);
    }

    [SkippableFact]
    public async Task ParallelMoveIns_VacantPoint_ExactlyOneWins()
    {
        await using var h = await Harness.StartAsync(await CreateDatabaseAsync(), extraRetailers: 6);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            h.MoveIns.SubmitAsync(RetailerCodeOf(i), new MoveInRequest(VacantPoint, new DateOnly(2026, 11, 27)), "k" + i, false, default))));

        Assert.Single(results, r => r.Accepted);
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(VacantPointRule.ErrorCode, Assert.Single(r.Errors).Code));
        Assert.Equal(1, await h.Context().WheelingContracts.CountAsync(c => c.SupplyPointId == VacantPoint));
    }

    [SkippableFact]
    public async Task MoveOut_Today_CompletedAndContractEnds()
    {
        await using var h = await StartAsync();

        var result = await h.MoveOuts.SubmitAsync(Old, new MoveOutRequest(Point, new DateOnly(2026, 11, 27), true), "m", false, default);

        Assert.Equal(ApplicationStatus.Completed, result.Result!.Status);
        Assert.Equal(new DateOnly(2026, 11, 27), (await h.Context().WheelingContracts.SingleAsync(c => c.SupplyPointId == Point)).EndDate);
    }

    [SkippableFact]
    public async Task MoveOut_PastDateByAnotherRetailer_ListsBothRules()
    {
        await using var h = await StartAsync();

        var result = await h.MoveOuts.SubmitAsync(New, new MoveOutRequest(Point, new DateOnly(2026, 11, 26), false), "m", false, default);

        Assert.Equal(["SW011", MoveOutDateRule.ErrorCode], result.Errors.Select(e => e.Code).ToArray());
    }

    [SkippableFact]
    public async Task MoveOut_SwitchInProgress_Rejected()
    {
        await using var h = await StartAsync();
        await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default);

        var result = await h.MoveOuts.SubmitAsync(Old, new MoveOutRequest(Point, new DateOnly(2026, 12, 1), false), "m", false, default);

        Assert.Equal(NoSwitchInProgressRule.ErrorCode, Assert.Single(result.Errors).Code);
    }

    [SkippableFact]
    public async Task AmpereChange_CurrentRetailerToday_CompletedAndPointChanged()
    {
        await using var h = await StartAsync();

        var result = await h.AmpereChanges.SubmitAsync(Old, new AmpereChangeRequest(Point, 40, new DateOnly(2026, 11, 27)), "a", false, default);

        Assert.Equal(ApplicationStatus.Completed, result.Result!.Status);
        Assert.Equal(40, (await h.Context().SupplyPoints.SingleAsync(p => p.Id == Point)).ContractAmperes);
    }

    [SkippableFact]
    public async Task AmpereChange_OtherRetailerOddCurrentPastDate_ListsEveryRuleAndChangesNothing()
    {
        await using var h = await StartAsync();

        var result = await h.AmpereChanges.SubmitAsync(New, new AmpereChangeRequest(Point, 25, new DateOnly(2026, 11, 1)), "a", false, default);

        Assert.Equal([("SW011", "supplyPointId"), (AmpereValueRule.ErrorCode, "amperes"), (AmpereValueRule.ErrorCode, "changeDate")], result.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.Null((await h.Context().SupplyPoints.SingleAsync(p => p.Id == Point)).ContractAmperes);
    }

    [SkippableFact]
    public async Task CustomerDetails_CurrentRetailer_ReplacesHolderRecord()
    {
        await using var h = await StartAsync();

        var result = await h.CustomerDetails.SubmitAsync(Old, new CustomerDetailsRequest(Point, "K-0002", "山田花子", "ヤマダハナコ", "東京都千代田区丸の内1-1", null), "c", false, default);
        var missing = await h.CustomerDetails.SubmitAsync(Old, new CustomerDetailsRequest(Point, null, null, null, "x", null), "d", false, default);

        Assert.True(result.Accepted);
        var holder = await h.Context().ContractHolders.SingleAsync(x => x.SupplyPointId == Point && x.RetailerCode == Old);
        Assert.Equal(("K-0002", "山田花子"), (holder.CustomerNumber, holder.Name));
        Assert.Equal(["customerNumber", "name"], missing.Errors.Select(e => e.Field).ToArray());
    }

    [SkippableFact]
    public async Task UsageInformation_ValidPassword_GrantsThirteenMonthsWithHalfHourlyForSmartMeter()
    {
        await using var h = await StartAsync();
        var issued = (await h.Usage.IssueConsentPasswordAsync(Old, Point, new ConsentPasswordRequest("7d"), "p-7d", default))!.Result!;

        var result = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, issued.Password), "u", default);
        var again = await h.UsageValues.GetUsageGrantAsync(New, result.Result!.ApplicationNumber, default);

        Assert.Equal(12, issued.Password!.Length);
        Assert.Equal(Start.AddDays(7), issued.ValidUntil);
        Assert.Equal((new DateOnly(2025, 10, 1), new DateOnly(2026, 11, 27), true, true), (result.Result.From, result.Result.To, result.Result.Monthly, result.Result.HalfHourly));
        Assert.Equal(result.Result, again);
        Assert.Null(await h.UsageValues.GetUsageGrantAsync(Third, result.Result.ApplicationNumber, default));
        Assert.DoesNotContain(issued.Password, (await h.Context().ConsentPasswords.SingleAsync()).Hash, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UsageInformation_ExpiredPassword_RejectedLikeAWrongOne()
    {
        await using var h = await StartAsync();
        var issued = (await h.Usage.IssueConsentPasswordAsync(Old, Point, new ConsentPasswordRequest("1d"), "p-1d", default))!.Result!;

        h.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var expired = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, issued.Password), "u", default);
        var unknownPoint = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest("0399999999999999999999", issued.Password), "v", default);

        Assert.Equal(expired.Errors, unknownPoint.Errors);
        Assert.Equal(UsageInformationHandler.ConsentRejectedCode, Assert.Single(expired.Errors).Code);
    }

    [SkippableFact]
    public async Task UsageInformation_FiveWrongPasswords_LocksOutEvenTheRightOneFor30Minutes()
    {
        await using var h = await StartAsync();
        var issued = (await h.Usage.IssueConsentPasswordAsync(Old, Point, new ConsentPasswordRequest("1m"), "p-1m", default))!.Result!;

        for (var i = 0; i < UsageInformationHandler.MaxConsentFailures; i++)
        {
            await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, "wrong" + i), "w" + i, default);
        }

        var locked = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, issued.Password), "r", default);
        var otherRetailer = await h.Usage.ApplyForUsageInformationAsync(Third, new UsageInformationRequest(Point, issued.Password), "t", default);
        h.Clock.Advance(TimeSpan.FromMinutes(31));
        var later = await h.Usage.ApplyForUsageInformationAsync(New, new UsageInformationRequest(Point, issued.Password), "s", default);

        Assert.Equal(UsageInformationHandler.ConsentLockedCode, Assert.Single(locked.Errors).Code);
        Assert.True(otherRetailer.Accepted);
        Assert.True(later.Accepted);
    }

    [SkippableFact]
    public async Task ConsentPassword_IssuedByRetailerThatDoesNotSupply_NotFound()
    {
        await using var h = await StartAsync();

        Assert.Null(await h.Usage.IssueConsentPasswordAsync(New, Point, new ConsentPasswordRequest("1d"), "p-1d", default));
        Assert.Equal("SW072", Assert.Single((await h.Usage.IssueConsentPasswordAsync(Old, Point, new ConsentPasswordRequest("2d"), "p-2d", default))!.Errors).Code);
    }
}

public sealed class SqliteSwitchingServiceTests : SwitchingServiceTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresSwitchingServiceTests : SwitchingServiceTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
