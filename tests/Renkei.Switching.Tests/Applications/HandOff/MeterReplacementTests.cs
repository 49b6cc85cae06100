using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.HandOff;

/// <summary>
/// 計器取替: the TSO's replacement date of a point sets its switch's effective date (計器取替月日, else 計器取替予定月日,
/// else the switch date), shown in the status poll, and both retailers are notified when it is set or moves; against
/// SQLite and PostgreSQL.
/// </summary>
public abstract class MeterReplacementTests : StoreTests
{
    private static readonly DateOnly Dec14 = new(2026, 12, 14);
    private static readonly DateOnly Dec16 = new(2026, 12, 16);

    /// <summary>The conventional-meter point switched from Old to New on 12-15 (meter work).</summary>
    private async Task<(Harness Harness, string SwitchIn, string SwitchOut)> SwitchedAsync()
    {
        var h = await StartAsync();
        var switchIn = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(ConventionalPoint, Dec15, null), "in", false, default);
        var switchOut = await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(ConventionalPoint, Dec15, null), "out", false, default);
        Assert.True(switchIn.Accepted && switchOut.Accepted);
        return (h, switchIn.Result!.Number, switchOut.Result!.Number);
    }

    private static async Task ApplyTsoFactsAsync(Harness h, long id, string replacement, DateOnly date)
    {
        var point = await h.Context().SupplyPoints.AsNoTracking().SingleAsync(p => p.Id == ConventionalPoint);
        var facts = PointFactsMessage.Of(point) with { SmartMeterReplacement = replacement, SmartMeterReplacementDate = date };
        Assert.True(await h.Get<ITsoAnswers>().ApplyPointChangeAsync(3, new PointChangeItem(id, facts, Start), default));
    }

    private static async Task<List<string?>> ReplacementEventsAsync(Harness h, string retailer) =>
        [.. (await h.Notifications.GetEventsAsync(retailer, 0, 100, default)).Items.Where(e => e.Kind == RetailerEventKinds.MeterReplacementChanged).Select(e => e.Message)];

    [SkippableFact]
    public async Task PlannedThenDone_EffectiveDateFollowsAndBothRetailersAreNotified()
    {
        var (h, switchIn, switchOut) = await SwitchedAsync();
        await using var _ = h;
        var before = await h.Queries.GetApplicationAsync(New, switchIn, default);

        await ApplyTsoFactsAsync(h, 1, "planned", Dec14);
        var planned = await h.Queries.GetApplicationAsync(New, switchIn, default);
        await ApplyTsoFactsAsync(h, 2, "done", Dec16);
        var done = await h.Queries.GetApplicationAsync(New, switchIn, default);
        var outView = await h.Queries.GetApplicationAsync(Old, switchOut, default);

        Assert.Equal((null, null, Dec15), (before!.MeterReplacementPlannedDate, before.MeterReplacementDate, before.EffectiveDate));
        Assert.Equal((Dec14, null, Dec14), (planned!.MeterReplacementPlannedDate, planned.MeterReplacementDate, planned.EffectiveDate));
        Assert.Equal((Dec14, Dec16, Dec16), (done!.MeterReplacementPlannedDate, done.MeterReplacementDate, done.EffectiveDate));
        Assert.Equal((Dec14, Dec16, Dec16), (outView!.MeterReplacementPlannedDate, outView.MeterReplacementDate, outView.EffectiveDate));
        Assert.Equal(
            [
                "計器取替予定月日 (meter replacement planned) 2026-12-14; effective date 2026-12-14",
                "計器取替月日 (meter replaced) 2026-12-16; effective date 2026-12-16",
            ],
            await ReplacementEventsAsync(h, New));
        Assert.Equal(2, (await ReplacementEventsAsync(h, Old)).Count);
    }

    [SkippableFact]
    public async Task PlannedDateMoves_NotifiedAgainOnlyWhenItMoves()
    {
        var (h, switchIn, _) = await SwitchedAsync();
        await using var _h = h;

        await ApplyTsoFactsAsync(h, 1, "planned", Dec14);
        await ApplyTsoFactsAsync(h, 2, "planned", Dec14);
        await ApplyTsoFactsAsync(h, 3, "planned", Dec16);

        Assert.Equal(Dec16, (await h.Queries.GetApplicationAsync(New, switchIn, default))!.EffectiveDate);
        Assert.Equal(
            [
                "計器取替予定月日 (meter replacement planned) 2026-12-14; effective date 2026-12-14",
                "計器取替予定月日 (meter replacement planned) 2026-12-16, was 2026-12-14; effective date 2026-12-16",
            ],
            await ReplacementEventsAsync(h, New));
    }

    [SkippableFact]
    public async Task ReplacementWithoutASwitchWithMeterWork_ChangesNoApplication()
    {
        await using var h = await StartAsync();
        var moveOut = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default);

        var point = await h.Context().SupplyPoints.AsNoTracking().SingleAsync(p => p.Id == Point);
        await h.Get<ITsoAnswers>().ApplyPointChangeAsync(3, new PointChangeItem(1, PointFactsMessage.Of(point) with { SmartMeterReplacement = "planned", SmartMeterReplacementDate = Dec14 }, Start), default);

        Assert.Null((await h.Queries.GetApplicationAsync(New, moveOut.Result!.Number, default))!.MeterReplacementPlannedDate);
        Assert.Empty(await ReplacementEventsAsync(h, New));
    }
}

public sealed class SqliteMeterReplacementTests : MeterReplacementTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresMeterReplacementTests : MeterReplacementTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
