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

namespace Renkei.Switching.Tests.Applications.Correction;

/// <summary>差戻し and 訂正 (更新フラグ 2) of switch-ins and switch-outs; against SQLite and PostgreSQL.</summary>
public abstract class CorrectionHandlerTests : StoreTests
{
    private static JsonElement Body(object request) => JsonSerializer.SerializeToElement(request, new JsonSerializerOptions(JsonSerializerDefaults.Web));

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
}

public sealed class SqliteCorrectionHandlerTests : CorrectionHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresCorrectionHandlerTests : CorrectionHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
