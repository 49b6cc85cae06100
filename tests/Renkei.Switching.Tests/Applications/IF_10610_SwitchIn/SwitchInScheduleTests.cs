using System.Text;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Market;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.IF_10610_SwitchIn;

/// <summary>
/// The switch-in's default date from the point's reading schedule (検針日程): the schedule's day after the standard
/// period, a day the TSO moves, a schedule without a day; against SQLite and PostgreSQL.
/// </summary>
public abstract class SwitchInScheduleTests : StoreTests
{
    private static async Task ImportAsync(Harness h, string lines)
    {
        var result = await ReadingScheduleImport.ImportAsync(h.Context(), Encoding.UTF8.GetBytes("area,schedule_code,year_month,reading_date\n" + lines));
        Assert.True(result.Accepted, string.Join("; ", result.Errors));
    }

    private async Task<Harness> StartWithScheduleAsync()
    {
        var h = await StartAsync();
        await h.Context().SupplyPoints.Where(p => p.Id == Point).ExecuteUpdateAsync(s => s.SetProperty(p => p.ReadingSchedule, "08"));
        return h;
    }

    [SkippableFact]
    public async Task SwitchIn_PointWithSchedule_TakesTheSchedulesDayAfterThePeriod()
    {
        await using var h = await StartWithScheduleAsync();
        await ImportAsync(h, "03,08,2026-12,2026-12-03\n03,08,2027-01,2027-01-07\n03,09,2026-12,2026-12-02\n");

        // Fri 11-27: the earliest is Wed 12-02; schedule 08 reads on 12-03 (the point's fixed day, the 15th, is not used).
        var result = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "k1", false, default);

        Assert.True(result.Accepted, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(new DateOnly(2026, 12, 3), result.Result!.SwitchDate);

        // Matched by Mon 11-30, 1 business day + 2 reaches 12-03; from Tue 12-01 it does not.
        Assert.Equal(new DateOnly(2026, 11, 30), result.Result.Deadline);
    }

    [SkippableFact]
    public async Task SwitchIn_TsoMovesTheDay_TheNextDefaultFollows()
    {
        await using var h = await StartWithScheduleAsync();
        await ImportAsync(h, "03,08,2026-12,2026-12-03\n");
        var before = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), null, true, default);

        await ImportAsync(h, "03,08,2026-12,2026-12-04\n");
        var after = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), null, true, default);

        Assert.Equal((new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 4)), (before.EffectiveDate, after.EffectiveDate));
    }

    [SkippableFact]
    public async Task SwitchIn_ScheduleWithoutADayAfterThePeriod_RefusedNamingTheSchedule()
    {
        await using var h = await StartWithScheduleAsync();
        await ImportAsync(h, "03,08,2026-12,2026-12-01\n");

        var result = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "k1", false, default);
        var withDate = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), null, true, default);

        var error = Assert.Single(result.Errors);
        Assert.Equal((SwitchDateRule.ErrorCode, "switchDate"), (error.Code, error.Field));
        Assert.Equal("reading schedule 08 of area 03 has no reading day loaded on or after 2026-12-02; give a switch date, or the TSO loads the schedule", error.Message);
        Assert.False(await h.Context().Applications.AnyAsync());
        Assert.Empty(withDate.Errors);
    }
}

public sealed class SqliteSwitchInScheduleTests : SwitchInScheduleTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresSwitchInScheduleTests : SwitchInScheduleTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
