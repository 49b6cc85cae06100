using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.Correction;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Deadlines;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications;

/// <summary>差戻し and 訂正, 廃止取次 withdrawal and future-dated ampere changes, against SQLite and PostgreSQL.</summary>
public abstract class CorrectionsAndWithdrawalsTests
{
    private static readonly DateOnly Dec15 = new(2026, 12, 15);

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<Harness> StartAsync() => await Harness.StartAsync(await CreateDatabaseAsync());

    private static JsonElement Body(object request) => JsonSerializer.SerializeToElement(request, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static RelayRegistrationRequest Relay(DateOnly wished) =>
        new(Point, "K-0001", "山田太郎", "ヤマダタロウ", "東京都千代田区丸の内1-1", wished, "佐藤", "03-1234-5678");

    [SkippableFact]
    public async Task Correction_ReturnedSwitchIn_InProgressAgainThenMatchedWithHistory()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "in", false, default)).Result!;

        var returned = await h.Corrections.ReturnAsync(switchIn.Number, new ReturnRequest("the customer asked for the 22nd"), default);
        var corrected = await h.Corrections.CorrectAsync(New, switchIn.Number, Body(new SwitchInRequest(Point, new DateOnly(2026, 12, 22), null)), "c1", default);
        var replayed = await h.Corrections.CorrectAsync(New, switchIn.Number, Body(new SwitchInRequest(Point, new DateOnly(2026, 12, 22), null)), "c1", default);
        var switchOut = await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, new DateOnly(2026, 12, 22), "K-0001"), "out", false, default);

        Assert.Equal(ApplicationStatus.ReturnedForCorrection, returned!.Result!.Status);
        Assert.Equal("the customer asked for the 22nd", returned.Result.ReasonMessage);
        Assert.Equal(ApplicationStatus.InProgress, corrected!.Result!.Status);
        Assert.Equal(switchIn.Number, corrected.Result.Number);
        Assert.Equal(new DateOnly(2026, 12, 22), corrected.Result.SwitchDate);
        Assert.Null(corrected.Result.ReasonCode);
        Assert.True(replayed!.Replayed);
        Assert.Equal(ApplicationStatus.Completed, switchOut.Result!.Status);
        var history = (await h.Queries.GetApplicationHistoryAsync(New, switchIn.Number, default))!;
        Assert.Equal(["submitted", "returned", "corrected", "matched", "completed"], history.Select(e => e.Action).ToArray());
        Assert.Equal((ApplicationStatus.ReturnedForCorrection, ApplicationStatus.InProgress), (history[2].FromStatus, history[2].ToStatus));
        Assert.Equal(New, history[2].Actor);
    }

    [SkippableFact]
    public async Task Correction_StillFailingRule_ListsItAndNothingChanges()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "in", false, default)).Result!;
        await h.Corrections.ReturnAsync(switchIn.Number, new ReturnRequest("date"), default);

        var corrected = await h.Corrections.CorrectAsync(New, switchIn.Number, Body(new SwitchInRequest(Point, new DateOnly(2026, 11, 30), null)), "c1", default);

        Assert.Equal(SwitchDateRule.ErrorCode, Assert.Single(corrected!.Errors).Code);
        Assert.Equal(ApplicationStatus.ReturnedForCorrection, (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!.Status);
        Assert.Equal(0, await h.Context().IdempotencyRecords.CountAsync(r => r.Key == "c1"));
    }

    [SkippableFact]
    public async Task Correction_NotReturnedAndOtherPoint_ListsEveryReason()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "in", false, default)).Result!;

        var corrected = await h.Corrections.CorrectAsync(New, switchIn.Number, Body(new SwitchInRequest(VacantPoint, null, null)), "c1", default);

        var codes = corrected!.Errors.Select(e => e.Code).ToArray();
        Assert.Contains(ReturnedForCorrectionRule.ErrorCode, codes);
        Assert.Contains(SamePointRule.ErrorCode, codes);
        Assert.Contains(CurrentContractRule.ErrorCode, codes);
        Assert.Equal(ApplicationStatus.Received, (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!.Status);
    }

    [SkippableFact]
    public async Task Correction_AnotherRetailersApplication_NotFound()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "in", false, default)).Result!;
        await h.Corrections.ReturnAsync(switchIn.Number, new ReturnRequest("date"), default);

        Assert.Null(await h.Corrections.CorrectAsync(Third, switchIn.Number, Body(new SwitchInRequest(Point, Dec15, null)), "c1", default));
    }

    [SkippableFact]
    public async Task Return_CompletedOrWithoutReason_Refused()
    {
        await using var h = await StartAsync();
        var done = (await h.AmpereChanges.SubmitAsync(Old, new AmpereChangeRequest(Point, 40, new DateOnly(2026, 11, 27)), "a", false, default)).Result!;

        var refused = await h.Corrections.ReturnAsync(done.Number, new ReturnRequest(" "), default);

        Assert.Equal([("SW045", "number"), ("SW045", "reason")], refused!.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.Null(await h.Corrections.ReturnAsync("A999999999999", new ReturnRequest("x"), default));
    }

    [SkippableFact]
    public async Task Deadline_ReturnedAndNeverCorrected_Rejected()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "in", false, default)).Result!;
        await h.Corrections.ReturnAsync(switchIn.Number, new ReturnRequest("date"), default);

        h.Clock.Advance(TimeSpan.FromDays(20));
        await h.Deadlines.RunAsync(default);

        var polled = (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!;
        Assert.Equal(ApplicationStatus.Rejected, polled.Status);
        Assert.Equal(DeadlineHandler.DeadlineCode, polled.ReasonCode);
    }

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

    [SkippableFact]
    public async Task AmpereChange_FutureDate_ScheduledThenAppliedOnThatDate()
    {
        await using var h = await StartAsync();

        var scheduled = await h.AmpereChanges.SubmitAsync(Old, new AmpereChangeRequest(Point, 40, new DateOnly(2026, 12, 1)), "a", false, default);
        var second = await h.AmpereChanges.SubmitAsync(Old, new AmpereChangeRequest(Point, 50, new DateOnly(2026, 12, 2)), "b", false, default);
        await h.Deadlines.RunAsync(default);
        var before = (await h.Context().SupplyPoints.SingleAsync(p => p.Id == Point)).ContractAmperes;
        h.Clock.Advance(TimeSpan.FromDays(4));
        await h.Deadlines.RunAsync(default);

        Assert.Equal(ApplicationStatus.Received, scheduled.Result!.Status);
        Assert.Equal(40, scheduled.Result.Amperes);
        Assert.Contains("2026-12-01", scheduled.Result.WaitingFor, StringComparison.Ordinal);
        Assert.Equal(ScheduledAmpereChangeRule.ErrorCode, Assert.Single(second.Errors).Code);
        Assert.Null(before);
        Assert.Equal(40, (await h.Context().SupplyPoints.SingleAsync(p => p.Id == Point)).ContractAmperes);
        Assert.Equal(ApplicationStatus.Completed, (await h.Queries.GetApplicationAsync(Old, scheduled.Result.Number, default))!.Status);
    }

    [SkippableFact]
    public async Task AmpereChange_ScheduledButPointSwitchedAwayBeforeTheDate_Rejected()
    {
        await using var h = await StartAsync();
        var scheduled = (await h.AmpereChanges.SubmitAsync(Old, new AmpereChangeRequest(Point, 40, new DateOnly(2026, 12, 20)), "a", false, default)).Result!;
        await h.Withdrawals.WithdrawAsync(Old, scheduled.Number, "w-" + scheduled.Number, default);
        var again = (await h.AmpereChanges.SubmitAsync(Old, new AmpereChangeRequest(Point, 30, new DateOnly(2026, 12, 20)), "b", false, default)).Result!;
        await using (var db = h.Context())
        {
            // The TSO moved the point to another retailer on 12-15 (as a completed switch would).
            var open = await db.WheelingContracts.SingleAsync(c => c.SupplyPointId == Point && c.EndDate == null);
            open.EndDate = Dec15;
            db.WheelingContracts.Add(new WheelingContract { SupplyPointId = Point, RetailerCode = New, StartDate = Dec15, ChangeSeq = 100 });
            await db.SaveChangesAsync();
        }

        h.Clock.Advance(TimeSpan.FromDays(25));
        await h.Deadlines.RunAsync(default);

        var polled = (await h.Queries.GetApplicationAsync(Old, again.Number, default))!;
        Assert.Equal(ApplicationStatus.Rejected, polled.Status);
        Assert.Equal(AmpereChangeRules.NotSupplierOnDateCode, polled.ReasonCode);
        Assert.Null((await h.Context().SupplyPoints.SingleAsync(p => p.Id == Point)).ContractAmperes);
    }

    
}

public sealed class SqliteCorrectionsAndWithdrawalsTests : CorrectionsAndWithdrawalsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresCorrectionsAndWithdrawalsTests : CorrectionsAndWithdrawalsTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
