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

namespace Renkei.Switching.Tests.Applications.Withdrawal;

/// <summary>取下げ (更新フラグ 3) before matching; locked after; against SQLite and PostgreSQL.</summary>
public abstract class WithdrawalHandlerTests : StoreTests
{
    [SkippableFact]
    public async Task Withdraw_BeforeMatching_Withdrawn()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;

        var withdrawn = await h.Withdrawals.WithdrawAsync(New, switchIn.Number, "w-" + switchIn.Number, default);
        var retry = await h.SwitchIns.SubmitAsync(Third, new SwitchInRequest(Point, Dec15, null), "t", false, default);

        Assert.Equal(ApplicationStatus.Withdrawn, withdrawn!.Result!.Status);
        Assert.True(retry.Accepted);
    }

    [SkippableFact]
    public async Task Withdraw_AfterCompletion_RefusedAsLocked()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;
        await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, null), "out", false, default);

        var withdrawn = await h.Withdrawals.WithdrawAsync(New, switchIn.Number, "w-" + switchIn.Number, default);

        Assert.Equal(WithdrawalHandler.LockedCode, Assert.Single(withdrawn!.Errors).Code);
        Assert.Equal(ApplicationStatus.Completed, (await h.Queries.GetApplicationAsync(New, switchIn.Number, default))!.Status);
    }
}

public sealed class SqliteWithdrawalHandlerTests : WithdrawalHandlerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresWithdrawalHandlerTests : WithdrawalHandlerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
