using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Applications;

/// <summary>
/// Idempotency keys now that the key is not looked up before the work: the record's primary key refuses a second
/// insert and the answer comes from the record. Against SQLite and PostgreSQL.
/// </summary>
public abstract class IdempotencyTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<Harness> StartAsync() => await Harness.StartAsync(await CreateDatabaseAsync());

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

public sealed class SqliteIdempotencyTests : IdempotencyTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresIdempotencyTests : IdempotencyTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
