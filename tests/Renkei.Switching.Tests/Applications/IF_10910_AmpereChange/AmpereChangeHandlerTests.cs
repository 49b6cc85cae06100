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

namespace Renkei.Switching.Tests.Applications.IF_10910_AmpereChange;

/// <summary>アンペア変更 (IF_10910): today at once, a later date scheduled and applied on that date; against SQLite and PostgreSQL.</summary>
public abstract class AmpereChangeHandlerTests : StoreTests
{
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

public sealed class SqliteAmpereChangeHandlerTests : AmpereChangeHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresAmpereChangeHandlerTests : AmpereChangeHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
