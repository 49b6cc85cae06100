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
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Node;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Tso.Node;

/// <summary>The TSO's side of a move-in: it cannot carry one out without the site-visit details; against SQLite and PostgreSQL.</summary>
public abstract class MoveInSiteVisitTests : StoreTests
{
    [SkippableFact]
    public async Task MoveInOrder_WithoutSiteVisit_RefusedAndNoContract()
    {
        await using var h = await StartAsync();
        await using var db = h.Database.CreateContext();

        var result = await new LocalTsoService(3, db, h.Clock).ChangeSupplyAsync(new TsoSupplyOrder("A1", VacantPoint, New, true, MoveInDate), default);

        Assert.False(result.Completed);
        Assert.Contains("立会", result.Reason, StringComparison.Ordinal);
        Assert.False(await h.Context().WheelingContracts.AnyAsync(c => c.SupplyPointId == VacantPoint));
    }

    [SkippableFact]
    public async Task MoveInOrder_WithSiteVisit_Completed()
    {
        await using var h = await StartAsync();
        await using var db = h.Database.CreateContext();

        var result = await new LocalTsoService(3, db, h.Clock).ChangeSupplyAsync(new TsoSupplyOrder("A1", VacantPoint, New, true, MoveInDate, Contents.MoveIn), default);
        await db.SaveChangesAsync();

        Assert.True(result.Completed, result.Reason);
    }
}

public sealed class SqliteMoveInSiteVisitTests : MoveInSiteVisitTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresMoveInSiteVisitTests : MoveInSiteVisitTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
