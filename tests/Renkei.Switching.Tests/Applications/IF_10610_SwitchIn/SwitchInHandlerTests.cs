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

namespace Renkei.Switching.Tests.Applications.IF_10610_SwitchIn;

/// <summary>スイッチング開始 (IF_10610): the switch-in's rules, dates and dry run, competition and routing; against SQLite and PostgreSQL.</summary>
public abstract class SwitchInHandlerTests : StoreTests
{
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
    public async Task Routing_PointOfAreaNotServed_RejectedWithAreaRule()
    {
        await using var h = await StartAsync();
        var hub = h.Get<SwitchInHandler>(new Renkei.Switching.Tso.Hub.TsoDirectory([3]));

        var kansai = await hub.SubmitAsync(New, new SwitchInRequest(ThirdsPoint, null, null), "k", true, default);
        var tokyo = await hub.SubmitAsync(New, new SwitchInRequest(Point, null, null), "t", true, default);

        Assert.Equal(Renkei.Switching.Applications.Validation.AreaServedRule.ErrorCode, Assert.Single(kansai.Errors).Code);
        Assert.Empty(tokyo.Errors);
    }
}

public sealed class SqliteSwitchInHandlerTests : SwitchInHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresSwitchInHandlerTests : SwitchInHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
