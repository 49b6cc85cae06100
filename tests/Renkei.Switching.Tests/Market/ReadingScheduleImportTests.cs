using System.Text;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Market;
using Renkei.Switching.Store;
using Renkei.Switching.Tests.Support;

namespace Renkei.Switching.Tests.Market;

/// <summary>
/// 検針日程: a reading schedule file loaded into the hub's store (all or nothing, every fault listed), loaded again
/// (nothing changes), a day moved (a new feed position), and the feeds the metering node follows. On SQLite and PostgreSQL.
/// </summary>
public abstract class ReadingScheduleImportTests
{
    private const string Good = """
        area,schedule_code,year_month,reading_date
        03,08,2026-12,2026-12-03
        03,08,2027-01,2027-01-07
        06,01,2026-12,2026-12-01
        """;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<TestDatabase> EmptyStoreAsync()
    {
        var database = await CreateDatabaseAsync();
        await database.MigrateAsync();
        return database;
    }

    private static async Task<ReadingScheduleImportResult> ImportAsync(TestDatabase database, string text)
    {
        await using var db = database.CreateContext();
        return await ReadingScheduleImport.ImportAsync(db, Encoding.UTF8.GetBytes(text));
    }

    [SkippableFact]
    public async Task Import_GoodFile_DaysStoredInFeedOrder()
    {
        await using var database = await EmptyStoreAsync();

        var result = await ImportAsync(database, Good);

        Assert.True(result.Accepted);
        Assert.Equal((3, 0, 0), (result.Added, result.Moved, result.Unchanged));
        await using var db = database.CreateContext();
        var page = await new SwitchingStore(db).GetReadingScheduleChangesAsync(0, 10, default);
        Assert.Equal(
            [(1L, "03", "08", "2026-12", new DateOnly(2026, 12, 3)), (2L, "03", "08", "2027-01", new DateOnly(2027, 1, 7)), (3L, "06", "01", "2026-12", new DateOnly(2026, 12, 1))],
            page.Items.Select(i => (i.Seq, i.Area, i.ScheduleCode, i.YearMonth, i.ReadingDate)));
        Assert.Equal(3, page.Next);
        Assert.Equal("imported", (await db.AuditEntries.SingleAsync(a => a.Subject == "reading-schedule")).Action);
    }

    [SkippableFact]
    public async Task Import_SameFileAgain_ChangesNothing()
    {
        await using var database = await EmptyStoreAsync();
        await ImportAsync(database, Good);

        var again = await ImportAsync(database, Good);

        Assert.Equal((0, 0, 3), (again.Added, again.Moved, again.Unchanged));
        await using var db = database.CreateContext();
        Assert.Empty((await new SwitchingStore(db).GetReadingScheduleChangesAsync(3, 10, default)).Items);
    }

    [SkippableFact]
    public async Task Import_DayMoved_ComesAgainAtTheNextFeedPosition()
    {
        await using var database = await EmptyStoreAsync();
        await ImportAsync(database, Good);

        var moved = await ImportAsync(database, "area,schedule_code,year_month,reading_date\n03,08,2026-12,2026-12-04\n03,09,2026-12,2026-12-07\n");

        Assert.Equal((1, 1, 0), (moved.Added, moved.Moved, moved.Unchanged));
        await using var db = database.CreateContext();
        var page = await new SwitchingStore(db).GetReadingScheduleChangesAsync(3, 10, default);
        Assert.Equal([(4L, "08", new DateOnly(2026, 12, 4)), (5L, "09", new DateOnly(2026, 12, 7))], page.Items.Select(i => (i.Seq, i.ScheduleCode, i.ReadingDate)));
    }

    [SkippableFact]
    public async Task Import_FileWithFaults_NothingStoredEveryFaultListed()
    {
        await using var database = await EmptyStoreAsync();

        var result = await ImportAsync(database, "area,schedule_code,year_month,reading_date\n03,08,2026-12,2026-12-03\n00,08,2026-12,2026-12-03\n03,08,2026-12,2026-11-30\n");

        Assert.False(result.Accepted);
        Assert.Equal(["line 3: area: '00' is not an area 01 to 10", "line 4: reading_date: 2026-11-30 is not in 2026-12; a month's reading day lies in that month"], result.Errors.Select(e => e.ToString()));
        await using var db = database.CreateContext();
        Assert.False(await db.ReadingScheduleDays.AnyAsync());
    }

    [SkippableFact]
    public async Task ContractFeed_Item_NamesThePointsReadingSchedule()
    {
        await using var database = await EmptyStoreAsync();
        await new MarketBuilder().Retailer("R0001").Point("0300000000000000000001", "R0001", schedule: "08").Point("0300000000000000000002", "R0001").SaveAsync(database);

        await using var db = database.CreateContext();
        var page = await new SwitchingStore(db).GetContractChangesAsync(0, 10, default);

        Assert.Equal([("0300000000000000000001", "08"), ("0300000000000000000002", null)], page.Items.Select(i => (i.SupplyPointId, i.ReadingSchedule)));
    }
}

public sealed class SqliteReadingScheduleImportTests : ReadingScheduleImportTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresReadingScheduleImportTests : ReadingScheduleImportTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
