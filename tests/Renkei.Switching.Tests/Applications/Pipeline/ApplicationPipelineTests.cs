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

/// <summary>The shared pipeline: the schema it runs on, idempotency keys (recorded answers, repeats, concurrent repeats); against SQLite and PostgreSQL.</summary>
public abstract class ApplicationPipelineTests : StoreTests
{
    [SkippableFact]
    public async Task Migrate_EmptyDatabase_CreatesSchemaWithTenAreas()
    {
        await using var h = await StartAsync();
        Assert.Equal(10, await h.Context().Areas.CountAsync());
        Assert.Equal("Kansai", (await h.Context().Areas.SingleAsync(a => a.Number == 6)).Name);
    }

    [SkippableFact]
    public async Task IdempotencyKey_Repeat_ReturnsFirstResultAndStoresOneApplication()
    {
        await using var h = await StartAsync();
        var request = new SwitchInRequest(Point, Dec15, null);

        var first = await h.SwitchIns.SubmitAsync(New, request, "same-key", false, default);
        var again = await h.SwitchIns.SubmitAsync(New, request, "same-key", false, default);

        Assert.True(again.Replayed);
        Assert.Equal(first.Result, again.Result);
        Assert.Equal(1, await h.Context().Applications.CountAsync());
    }

    [SkippableFact]
    public async Task IdempotencyKey_ReusedForOtherRequest_Refused()
    {
        await using var h = await StartAsync();

        await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(Point, Dec15, null), "same-key", false, default);
        var other = await h.SwitchIns.SubmitAsync(New, new SwitchInRequest(ConventionalPoint, null, null), "same-key", false, default);

        Assert.Equal(ApplicationPipeline.IdempotencyConflictCode, Assert.Single(other.Errors).Code);
        Assert.Equal(1, await h.Context().Applications.CountAsync());
    }

    [SkippableFact]
    public async Task Repeat_OfAChangeThatWouldBeAcceptedAgain_ReplaysAndStoresOneApplication()
    {
        await using var h = await StartAsync();
        var request = new CustomerDetailsRequest(Point, "K-0001", "山田花子", "ヤマダハナコ", "東京都千代田区丸の内1-1", null);

        var first = await h.CustomerDetails.SubmitAsync(Old, request, "k", false, default);
        var repeat = await h.CustomerDetails.SubmitAsync(Old, request, "k", false, default);

        Assert.True(first.Accepted);
        Assert.True(repeat.Replayed);
        Assert.Equal(first.Result!.Number, repeat.Result!.Number);
        Assert.Equal(1, await h.Context().Applications.CountAsync(a => a.Kind == ApplicationKinds.CustomerDetails));
        Assert.Equal(1, await h.Context().AuditEntries.CountAsync(e => e.Action == "submitted"));
    }

    [SkippableFact]
    public async Task ConcurrentRepeats_OneKey_OneApplicationAndTheSameAnswerForAll()
    {
        await using var h = await StartAsync();
        var request = new SwitchInRequest(Point, null, null);

        var services = Enumerable.Range(0, 8).Select(_ => h.SwitchIns).ToArray();

        var results = await Task.WhenAll(services.Select(service => Task.Run(() => service.SubmitAsync(New, request, "same", false, default))));

        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.Single(results.Select(r => r.Result!.Number).Distinct());
        Assert.Equal(7, results.Count(r => r.Replayed));
        Assert.Equal(1, await h.Context().Applications.CountAsync());
    }
}

public sealed class SqliteApplicationPipelineTests : ApplicationPipelineTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresApplicationPipelineTests : ApplicationPipelineTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
