using Renkei.Switching.Applications.Validation.Content;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.IF_10510_MoveOut;

/// <summary>廃止・撤去 (IF_10510) with the market's items: the reason required, the demolition and its date together; against SQLite and PostgreSQL.</summary>
public abstract class MoveOutContentTests : StoreTests
{
    private static readonly DateOnly EndDate = new(2026, 12, 1);

    [SkippableFact]
    public async Task MoveOut_WithoutReason_Refused()
    {
        await using var h = await StartAsync();

        var result = await h.MoveOuts.SubmitAsync(Old, new MoveOutRequest(Point, EndDate, false), "m", false, default);

        Assert.Equal([(ContentRequiredRule.ErrorCode, "content.moveOutReason")], result.Errors.Select(e => (e.Code, e.Field)).ToArray());
    }

    [SkippableFact]
    public async Task MoveOut_DemolitionWithoutItsDate_RefusedAndWithIt_StoredAndPolled()
    {
        await using var h = await StartAsync();
        var demolition = new ApplicationContent(MoveOutReason: "02", BuildingDemolition: true);

        var undated = await h.MoveOuts.SubmitAsync(Old, new MoveOutRequest(Point, EndDate, true, demolition), "a", false, default);
        var notDemolished = await h.MoveOuts.SubmitAsync(Old, new MoveOutRequest(Point, EndDate, true, new ApplicationContent(MoveOutReason: "01", DemolitionDate: EndDate)), "b", false, default);
        var dated = await h.MoveOuts.SubmitAsync(Old, new MoveOutRequest(Point, EndDate, true, demolition with { DemolitionDate = EndDate.AddDays(10) }), "c", false, default);
        var polled = await h.Queries.GetApplicationAsync(Old, dated.Result!.Number, default);

        Assert.Equal([(ContentDatesRule.ErrorCode, "content.demolitionDate")], undated.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.Equal([(ContentDatesRule.ErrorCode, "content.demolitionDate")], notDemolished.Errors.Select(e => (e.Code, e.Field)).ToArray());
        Assert.Equal(EndDate.AddDays(10), polled!.Content!.DemolitionDate);
        Assert.Equal("02", polled.Content.MoveOutReason);
    }

    [SkippableFact]
    public async Task MoveOut_ItemsOfAMoveIn_RefusedNamingEach()
    {
        await using var h = await StartAsync();

        var result = await h.MoveOuts.SubmitAsync(Old, new MoveOutRequest(Point, EndDate, false, Contents.MoveOut with { ServiceMenu = "01", TariffConsent = true }), "m", false, default);

        Assert.Equal(
            [(ContentAppliesRule.ErrorCode, "content.serviceMenu"), (ContentAppliesRule.ErrorCode, "content.tariffConsent")],
            result.Errors.Select(e => (e.Code, e.Field)).ToArray());
    }
}

public sealed class SqliteMoveOutContentTests : MoveOutContentTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresMoveOutContentTests : MoveOutContentTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
