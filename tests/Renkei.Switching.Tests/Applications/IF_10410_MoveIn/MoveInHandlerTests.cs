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

namespace Renkei.Switching.Tests.Applications.IF_10410_MoveIn;

/// <summary>再点 (IF_10410): the move-in's rules and its completion by the TSO; against SQLite and PostgreSQL.</summary>
public abstract class MoveInHandlerTests : StoreTests
{
    [SkippableFact]
    public async Task MoveIn_VacantPointBackDated_CompletedAndContractStartsThatDay()
    {
        await using var h = await StartAsync();
        var start = new DateOnly(2026, 10, 27); // 31 days back

        var result = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, start, Contents.MoveIn), "m", false, default);

        Assert.Equal(ApplicationStatus.Completed, result.Result!.Status);
        var contract = await h.Context().WheelingContracts.SingleAsync(c => c.SupplyPointId == VacantPoint);
        Assert.Equal((New, start, (DateOnly?)null), (contract.RetailerCode, contract.StartDate, contract.EndDate));
    }

    [SkippableFact]
    public async Task MoveIn_TooFarBackOrSuppliedPoint_Rejected()
    {
        await using var h = await StartAsync();

        var tooFar = await h.MoveIns.SubmitAsync(New, new MoveInRequest(VacantPoint, new DateOnly(2026, 10, 26), Contents.MoveIn), "a", false, default);
        var supplied = await h.MoveIns.SubmitAsync(New, new MoveInRequest(Point, new DateOnly(2026, 11, 27), Contents.MoveIn), "b", false, default);

        Assert.Equal(MoveInDateRule.ErrorCode, Assert.Single(tooFar.Errors).Code);
        Assert.Equal(VacantPointRule.ErrorCode, Assert.Single(supplied.Errors).Code);
    }

    [SkippableFact]
    public async Task ParallelMoveIns_VacantPoint_ExactlyOneWins()
    {
        await using var h = await Harness.StartAsync(await CreateDatabaseAsync(), extraRetailers: 6);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            h.MoveIns.SubmitAsync(RetailerCodeOf(i), new MoveInRequest(VacantPoint, new DateOnly(2026, 11, 27), Contents.MoveIn), "k" + i, false, default))));

        Assert.Single(results, r => r.Accepted);
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(VacantPointRule.ErrorCode, Assert.Single(r.Errors).Code));
        Assert.Equal(1, await h.Context().WheelingContracts.CountAsync(c => c.SupplyPointId == VacantPoint));
    }
}

public sealed class SqliteMoveInHandlerTests : MoveInHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresMoveInHandlerTests : MoveInHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
