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

namespace Renkei.Switching.Tests.Applications.IF_10710_SwitchOut;

/// <summary>スイッチング廃止 (IF_10710): the switch-out's rules; against SQLite and PostgreSQL.</summary>
public abstract class SwitchOutHandlerTests : StoreTests
{
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
}

public sealed class SqliteSwitchOutHandlerTests : SwitchOutHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresSwitchOutHandlerTests : SwitchOutHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
