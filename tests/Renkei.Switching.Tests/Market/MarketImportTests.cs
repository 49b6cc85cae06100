using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Market;
using Renkei.Switching.Tests.Support;

namespace Renkei.Switching.Tests.Market;

/// <summary>The market file loaded into an empty store, again (nothing changes), with faults (nothing changes, every fault listed by line), and into a TSO node's store (its area only). On SQLite and PostgreSQL.</summary>
public abstract class MarketImportTests
{
    private const string Good = """
        # retailers, supply points, holders, contracts
        retailer,R0001,旧電力
        retailer,R0002,新電力
        supply_point,0300000000000000000001,東京都千代田区丸の内1-1,low,従量電灯B,30,,smart,true,15,done,
        supply_point,0300000000000000000002,"東京都千代田区丸の内1-2, 2F",low,従量電灯B,40,,conventional,false,3,planned,2027-01-20
        supply_point,0600000000000000000003,大阪府大阪市北区1-3,high,業務用,,500,smart,true,1,done,
        holder,0300000000000000000001,R0001,K-0001,山田太郎,ヤマダタロウ,東京都千代田区丸の内1-1,03-1234-5678
        contract,0300000000000000000001,R0002,2016-04-01,2020-04-01
        contract,0300000000000000000001,R0001,2020-04-01,
        contract,0300000000000000000002,R0001,2016-04-01,
        contract,0600000000000000000003,R0002,2018-10-01,
        """;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<TestDatabase> EmptyStoreAsync()
    {
        var database = await CreateDatabaseAsync();
        await database.MigrateAsync();
        return database;
    }

    private static async Task<MarketImportResult> ImportAsync(TestDatabase database, string text, int? area = null)
    {
        await using var db = database.CreateContext();
        return await MarketImport.ImportAsync(db, text, area);
    }

    private static async Task<(int Retailers, int Points, int Holders, int Contracts, long MaxSeq)> CountsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return (await db.Retailers.CountAsync(), await db.SupplyPoints.CountAsync(), await db.ContractHolders.CountAsync(), await db.WheelingContracts.CountAsync(),
            await db.WheelingContracts.MaxAsync(c => (long?)c.ChangeSeq) ?? 0);
    }

    [SkippableFact]
    public async Task GoodFile_IntoEmptyStore_AddsEverythingWithFeedPositionsInFileOrder()
    {
        await using var database = await EmptyStoreAsync();

        var result = await ImportAsync(database, Good);

        Assert.True(result.Accepted, string.Join("\n", result.Errors));
        Assert.Equal((2, 3, 1, 4), (result.Retailers, result.Points, result.Holders, result.Contracts));
        await using var db = database.CreateContext();
        var second = await db.SupplyPoints.SingleAsync(p => p.Id == "0300000000000000000002");
        Assert.Equal(("東京都千代田区丸の内1-2, 2F", "conventional", false, 3, "planned", (DateOnly?)new DateOnly(2027, 1, 20), 40),
            (second.Address, second.MeterType, second.RemoteReading, second.ReadingDay, second.SmartMeterReplacement, second.SmartMeterReplacementDate, second.ContractAmperes.GetValueOrDefault()));
        var high = await db.SupplyPoints.SingleAsync(p => p.Id == "0600000000000000000003");
        Assert.Equal((6, "high", (int?)500), (high.Area, high.VoltageClass, high.ContractCapacityKw));
        var contracts = await db.WheelingContracts.OrderBy(c => c.ChangeSeq).Select(c => new { c.ChangeSeq, c.RetailerCode, c.StartDate }).ToListAsync();
        Assert.Equal([1L, 2, 3, 4], contracts.Select(c => c.ChangeSeq));
        Assert.Equal(["R0002", "R0001", "R0001", "R0002"], contracts.Select(c => c.RetailerCode));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Subject == "market" && a.Action == "imported"));
    }

    [SkippableFact]
    public async Task SameFileAgain_ChangesNothing()
    {
        await using var database = await EmptyStoreAsync();
        await ImportAsync(database, Good);
        var before = await CountsAsync(database);

        var again = await ImportAsync(database, Good);

        Assert.True(again.Accepted, string.Join("\n", again.Errors));
        Assert.Equal((0, 0, 0, 0, 10), (again.Retailers, again.Points, again.Holders, again.Contracts, again.Unchanged));
        Assert.Equal(before, await CountsAsync(database));
    }

    [SkippableFact]
    public async Task FaultsOfFormAndAgainstTheStore_NothingChanges_EveryFaultListedWithItsLine()
    {
        await using var database = await EmptyStoreAsync();
        await ImportAsync(database, Good);
        var before = await CountsAsync(database);
        const string bad = """
            retailer,R0003,第三電力
            retailer,R0001,別の名前
            supply_point,0300000000000000000009,東京都港区1-9,low,,30,,smart,true,15,done,
            supply_point,1100000000000000000001,どこか,low,,30,,smart,true,15,done,
            supply_point,0300000000000000000008,東京都港区1-8,medium,,30,,analog,yes,31,done,
            contract,0300000000000000000001,R0003,2021-01-01,
            contract,0300000000000000000009,R0009,2021-01-01,
            contract,0300000000000000000009,R0003,2021-01-01,2020-01-01
            holder,0300000000000000000077,R0003,K-1,名前,,住所,
            widget,1,2
            contract,0300000000000000000009,R0003
            """;

        var result = await ImportAsync(database, bad);

        Assert.False(result.Accepted);
        var lines = result.Errors.Select(e => e.Line).Distinct().Order().ToArray();
        Assert.Equal([2, 4, 5, 6, 7, 8, 9, 10, 11], lines);
        Assert.Contains(result.Errors, e => e.Line == 5 && e.Field == "supply_point.voltage_class");
        Assert.Contains(result.Errors, e => e.Line == 5 && e.Field == "supply_point.meter_type");
        Assert.Contains(result.Errors, e => e.Line == 5 && e.Field == "supply_point.remote_reading");
        Assert.Contains(result.Errors, e => e.Line == 5 && e.Field == "supply_point.reading_day");
        Assert.Contains(result.Errors, e => e.Line == 6 && e.Message.Contains("overlaps R0001", StringComparison.Ordinal));
        Assert.Equal(before, await CountsAsync(database));
    }

    [SkippableFact]
    public async Task FaultsOnlyAgainstTheStore_NothingChanges()
    {
        await using var database = await EmptyStoreAsync();
        await ImportAsync(database, Good);
        var before = await CountsAsync(database);

        // Well-formed, but the point's stored contract is open from 2020: a new open contract from 2021 overlaps it.
        var result = await ImportAsync(database, "retailer,R0003,第三電力\ncontract,0300000000000000000001,R0003,2021-01-01,\n");

        Assert.Equal(2, Assert.Single(result.Errors).Line);
        Assert.Equal(before, await CountsAsync(database));
    }

    [SkippableFact]
    public async Task IntoTsoStore_TakesOnlyItsArea()
    {
        await using var database = await EmptyStoreAsync();

        var result = await ImportAsync(database, Good, area: 6);

        Assert.True(result.Accepted, string.Join("\n", result.Errors));
        Assert.Equal((2, 1, 0, 1, 6), (result.Retailers, result.Points, result.Holders, result.Contracts, result.Skipped));
        await using var db = database.CreateContext();
        Assert.Equal(["0600000000000000000003"], await db.SupplyPoints.Select(p => p.Id).ToListAsync());
    }
}

public sealed class SqliteMarketImportTests : MarketImportTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresMarketImportTests : MarketImportTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
