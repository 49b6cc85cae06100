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

namespace Renkei.Switching.Tests.Applications.IF_10510_MoveOut;

/// <summary>廃止・撤去 (IF_10510): the move-out's rules and its completion by the TSO; against SQLite and PostgreSQL.</summary>
public abstract class MoveOutHandlerTests : StoreTests
{
    [SkippableFact]
    public async Task MoveOut_Today_CompletedAndContractEnds()
    {
        await using var h = await StartAsync();

        var result = await h.MoveOuts.SubmitAsync(Old, new MoveOutRequest(Point, new DateOnly(2026, 11, 27), true, Contents.MoveOut), "m", false, default);

        Assert.Equal(ApplicationStatus.Completed, result.Result!.Status);
        Assert.Equal(new DateOnly(2026, 11, 27), (await h.Context().WheelingContracts.SingleAsync(c => c.SupplyPointId == Point)).EndDate);
    }

    [SkippableFact]
    public async Task MoveOut_PastDateByAnotherRetailer_ListsBothRules()
    {
        await using var h = await StartAsync();

        var result = await h.MoveOuts.SubmitAsync(New, new MoveOutRequest(Point, new DateOnly(2026, 11, 26), false, Contents.MoveOut), "m", false, default);

        Assert.Equal(["SW011", MoveOutDateRule.ErrorCode], result.Errors.Select(e => e.Code).ToArray());
    }

    [SkippableFact]
    public async Task MoveOut_SwitchInProgress_Rejected()
    {
        await using var h = await StartAsync();
        await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default);

        var result = await h.MoveOuts.SubmitAsync(Old, new MoveOutRequest(Point, new DateOnly(2026, 12, 1), false, Contents.MoveOut), "m", false, default);

        Assert.Equal(NoSwitchInProgressRule.ErrorCode, Assert.Single(result.Errors).Code);
    }
}

public sealed class SqliteMoveOutHandlerTests : MoveOutHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresMoveOutHandlerTests : MoveOutHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
