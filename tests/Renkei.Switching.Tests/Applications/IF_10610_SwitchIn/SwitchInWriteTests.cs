using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications.IF_10610_SwitchIn;

/// <summary>
/// The write of a new switch-in: a plain one runs whole in two statement batches; the same switch-in on the EF Core path
/// (a 廃止取次 number, a competitor, a correction) is written inside the pipeline's transaction. Both must leave the same rows behind. Against SQLite and PostgreSQL.
/// </summary>
public abstract class SwitchInWriteTests : StoreTests
{
    [SkippableFact]
    public async Task PlainSwitchIn_StoresTheSameApplicationAuditAndEventAsInsideThePipeline()
    {
        await using var direct = await Harness.StartAsync(await CreateDatabaseAsync());
        await using var inPipeline = await Harness.StartAsync(await CreateDatabaseAsync());
        var request = new SwitchInRequest(Point, null, null);

        var single = await direct.SwitchIns.SubmitAsync(New, request, "k1", false, default);
        var scope = inPipeline.Get<IServiceProvider>();
        var handler = scope.GetRequiredService<SwitchInHandler>();
        var viaPipeline = await scope.GetRequiredService<ApplicationPipeline>().RunAsync(
            New, "k1", ApplicationPipeline.Hash(ApplicationKinds.SwitchIn, request), Point, false, () => handler.CheckAndStoreAsync(New, request, false, null, default), default);

        Assert.True(single.Accepted);
        Assert.Empty(viaPipeline.Errors);
        Assert.Equal(viaPipeline.Result, single.Result);
        Assert.Equal(await RowsAsync(inPipeline), await RowsAsync(direct));
    }

    [SkippableFact]
    public async Task PlainSwitchIns_OfOneRetailer_TakeConsecutiveEventPositionsAndReplayByKey()
    {
        await using var h = await Harness.StartAsync(await CreateDatabaseAsync());

        var first = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "a", false, default);
        var second = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(ConventionalPoint, null, null), "b", false, default);
        var repeat = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "a", false, default);

        var events = await h.Notifications.GetEventsAsync(New, 0, 10, default);
        Assert.Equal([1L, 2L], events.Items.Select(e => e.Seq));
        Assert.Equal([first.Result!.Number, second.Result!.Number], events.Items.Select(e => e.SubjectId));
        Assert.True(repeat.Replayed);
        Assert.Equal(first.Result, repeat.Result);
        Assert.Equal(2, await h.Context().Applications.CountAsync());
    }

    [SkippableFact]
    public async Task KeyReusedForAnotherPoint_RefusedWriteBatch_LeavesOnlyTheFirstRowsAndTheStoreUsable()
    {
        await using var h = await Harness.StartAsync(await CreateDatabaseAsync());

        // The second switch-in passes every rule in the plain case; its write batch (ending with COMMIT on
        // PostgreSQL) fails on the used key's record, so nothing of it may stay, and the connection goes back to
        // the pool with its transaction ended.
        var first = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, null, null), "same", false, default);
        var reused = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(ConventionalPoint, null, null), "same", false, default);
        var next = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(ConventionalPoint, null, null), "other", false, default);

        Assert.True(first.Accepted);
        Assert.Equal(ApplicationPipeline.IdempotencyConflictCode, Assert.Single(reused.Errors).Code);
        Assert.True(next.Accepted);
        var db = h.Context();
        Assert.Equal([Point, ConventionalPoint], await db.Applications.OrderBy(a => a.Id).Select(a => a.SupplyPointId).ToListAsync());
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "submitted"));
        Assert.Equal([1L, 2L], (await h.Notifications.GetEventsAsync(New, 0, 10, default)).Items.Select(e => e.Seq));
    }

    private static async Task<string> RowsAsync(Harness h)
    {
        var db = h.Context();
        var applications = await db.Applications.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var audit = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var events = await db.RetailerEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        return System.Text.Json.JsonSerializer.Serialize(new { applications, audit, events });
    }
}

public sealed class SqliteSwitchInWriteTests : SwitchInWriteTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresSwitchInWriteTests : SwitchInWriteTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
