using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Domain.Identifiers;
using Renkei.Hosting.Contracts;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tests.Store;

/// <summary>The switching store on a real SQLite file in a temp folder.</summary>
public sealed class SwitchingStoreTests : IAsyncLifetime
{
    private const string PointA = "0310000000000000000001";
    private const string PointB = "0310000000000000000002";
    private const string PointC = "0310000000000000000003";
    private static readonly RetailerCode Old = RetailerCode.Parse("A0001");
    private static readonly RetailerCode New = RetailerCode.Parse("B0002");
    private static readonly DateOnly April = new(2026, 4, 1);
    private static readonly DateOnly May = new(2026, 5, 1);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-switching-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider services = null!;

    private static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        var collection = new ServiceCollection();
        collection.AddSwitchingStore(Path.Combine(folder, "switching.db"));
        services = collection.BuildServiceProvider();
        await SwitchingHost.EnsureDatabaseAsync(services, Ct);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
        db.Retailers.AddRange(new Retailer { Code = Old.Value, Name = "Old Power" }, new Retailer { Code = New.Value, Name = "New Power" });
        db.SupplyPoints.AddRange(
            new SupplyPoint { Id = PointA, Area = 3, Address = "Tokyo 1" },
            new SupplyPoint { Id = PointB, Area = 3, Address = "Tokyo 2" },
            new SupplyPoint { Id = PointC, Area = 3, Address = "Tokyo 3" });
        await db.SaveChangesAsync(Ct);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<T> WithStore<T>(Func<SwitchingStore, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SwitchingStore>());
    }

    private Task<WheelingContract> Switch(string point, RetailerCode retailer, DateOnly effective) =>
        WithStore(s => s.SwitchAsync(SupplyPointId.Parse(point), retailer, effective, Ct));

    private Task<ContractFeedPage> Changes(long after, int limit) =>
        WithStore(s => s.GetContractChangesAsync(after, limit, Ct));

    [Fact]
    public async Task GetContractChanges_WithCursorAndLimit_PagesInChangeSeqOrder()
    {
        var a = await Switch(PointA, Old, April);
        var b = await Switch(PointB, New, April);
        var c = await Switch(PointC, Old, April);

        var first = await Changes(0, 2);
        var second = await Changes(first.Next, 2);
        var end = await Changes(second.Next, 2);

        Assert.Equal([(1L, a.Id), (2L, b.Id)], first.Items.Select(i => (i.Seq, i.ContractId)));
        Assert.Equal(2, first.Next);
        Assert.Equal([(3L, c.Id)], second.Items.Select(i => (i.Seq, i.ContractId)));
        Assert.Equal(3, second.Next);
        Assert.Empty(end.Items);
        Assert.Equal(3, end.Next);
        Assert.Equal(new ContractFeedItem(2, b.Id, PointB, New.Value, April, null), first.Items[1]);
    }

    [Fact]
    public async Task SwitchAsync_OpenContract_EndsItOnSwitchDayAndStartsNewOne()
    {
        var old = await Switch(PointA, Old, April);
        await Switch(PointB, Old, April);
        var cursor = (await Changes(0, 100)).Next;

        var created = await Switch(PointA, New, May);

        var contracts = await WithStore(s => s.GetContractsAsync(SupplyPointId.Parse(PointA), Ct));
        Assert.Equal(
            [(old.Id, Old.Value, April, (DateOnly?)May), (created.Id, New.Value, May, null)],
            contracts.Select(c => (c.Id, c.RetailerCode, c.StartDate, c.EndDate)));
        var page = await Changes(cursor, 100);
        Assert.Equal(
            [
                new ContractFeedItem(3, old.Id, PointA, Old.Value, April, May),
                new ContractFeedItem(4, created.Id, PointA, New.Value, May, null),
            ],
            page.Items);
        Assert.Equal(4, page.Next);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task SwitchAsync_NotAfterOpenContractStart_IsRefusedAndChangesNothing(int daysAfterStart)
    {
        await Switch(PointA, Old, May);
        var before = await Changes(0, 100);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Switch(PointA, New, May.AddDays(daysAfterStart)));

        var after = await Changes(0, 100);
        Assert.Equal(before.Items, after.Items);
        var contract = Assert.Single(await WithStore(s => s.GetContractsAsync(SupplyPointId.Parse(PointA), Ct)));
        Assert.Null(contract.EndDate);
        Assert.Equal(Old.Value, contract.RetailerCode);
    }
}
