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

namespace Renkei.Switching.Tests.Applications.Matching;

/// <summary>マッチング: a switch-in and a switch-out for one date are matched and completed by the area's TSO, in either order; against SQLite and PostgreSQL.</summary>
public abstract class SwitchMatchingTests : StoreTests
{
    [SkippableFact]
    public async Task SwitchInThenSwitchOut_SameDate_CompletesAndChangesContractsInFeed()
    {
        await using var h = await StartAsync();
        var before = await h.Context().WheelingContracts.MaxAsync(c => c.ChangeSeq);

        var switchIn = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default);
        var switchOut = await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, "K-0001"), "out", false, default);

        Assert.Equal(ApplicationStatus.Completed, switchOut.Result!.Status);
        Assert.Equal(ApplicationStatus.Completed, (await h.Queries.GetApplicationAsync(New, switchIn.Result!.Number, default))!.Status);
        var feed = await new SwitchingStore(h.Context()).GetContractChangesAsync(before, 100, default);
        Assert.Equal(2, feed.Items.Count);
        Assert.Equal((Old, (DateOnly?)Dec15), (feed.Items[0].RetailerCode, feed.Items[0].EndDate));
        Assert.Equal((New, Dec15, (DateOnly?)null), (feed.Items[1].RetailerCode, feed.Items[1].StartDate, feed.Items[1].EndDate));
        Assert.Equal(feed.Items[1].Seq, feed.Next);
        var contracts = await new SwitchingStore(h.Context()).GetContractsAsync(SupplyPointId.Parse(Point), default);
        Assert.False(contracts[0].Covers(Dec15));
        Assert.True(contracts[1].Covers(Dec15));
    }

    [SkippableFact]
    public async Task SwitchOutFirst_ThenSwitchIn_Completes()
    {
        await using var h = await StartAsync();

        var switchOut = await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, null), "out", false, default);
        var switchIn = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default);

        Assert.Equal(ApplicationStatus.Received, switchOut.Result!.Status);
        Assert.Equal(ApplicationStatus.Completed, switchIn.Result!.Status);
    }

    [SkippableFact]
    public async Task Routing_KansaiSwitch_CompletedByAreaSixTso()
    {
        await using var h = await StartAsync();

        await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(ThirdsPoint, Dec15, null), "in", false, default);
        var switchOut = await h.SwitchOuts.SubmitAsync(Third, new SwitchOutRequest(ThirdsPoint, Dec15, null), "out", false, default);

        Assert.Equal(ApplicationStatus.Completed, switchOut.Result!.Status);
        Assert.Equal(2, await h.Context().AuditEntries.CountAsync(e => e.Subject == "contract" && e.Detail!.Contains("(area 06)")));
    }
}

public sealed class SqliteSwitchMatchingTests : SwitchMatchingTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresSwitchMatchingTests : SwitchMatchingTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
