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

namespace Renkei.Switching.Tests.Applications.Pipeline;

/// <summary>The audit trail every status change leaves; against SQLite and PostgreSQL.</summary>
public abstract class ApplicationLedgerTests : StoreTests
{
    [SkippableFact]
    public async Task AuditTrail_CompletedSwitch_RecordsEveryTransitionWithActor()
    {
        await using var h = await StartAsync();
        var switchIn = (await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default)).Result!;
        await h.SwitchOuts.SubmitAsync(Old, new SwitchOutRequest(Point, Dec15, null), "out", false, default);

        var history = (await h.Queries.GetApplicationHistoryAsync(New, switchIn.Number, default))!;

        Assert.Equal(
            [(New, "submitted", (string?)null, (string?)"01"), (ApplicationLedger.HubActor, "matched", "01", "05"), (ApplicationLedger.TsoActor, "completed", "05", "06")],
            history.Select(e => (e.Actor, e.Action, e.FromStatus, e.ToStatus)).ToArray());
        Assert.All(history, e => Assert.Equal(Start, e.At));
        Assert.Equal(2, await h.Context().AuditEntries.CountAsync(e => e.Subject == "contract"));
    }

    [SkippableFact]
    public async Task AuditTrail_ChangingAnEntry_Refused()
    {
        await using var h = await StartAsync();
        await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "in", false, default);
        var db = h.Context();
        var entry = await db.AuditEntries.FirstAsync();

        entry.Detail = "rewritten";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.NotEqual("rewritten", (await h.Context().AuditEntries.FirstAsync()).Detail);
    }
}

public sealed class SqliteApplicationLedgerTests : ApplicationLedgerTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresApplicationLedgerTests : ApplicationLedgerTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
