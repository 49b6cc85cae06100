using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.History;

namespace Renkei.Metering.Tests.History;

/// <summary>The same behaviour, asserted on each history store: SQLite (a file) and PostgreSQL (a real server).</summary>
public abstract class HistoryStoreContractTests : IDisposable
{
    /// <summary>A new, empty store; skips the test when its database is not available.</summary>
    protected abstract IHistoryStore CreateStore();

    [SkippableFact]
    public void WriteSlot_ThenTryRead_ReturnsEachMetersValueAndQuality()
    {
        using var store = CreateStore();
        store.WriteSlot(1000, 10, [5, 6, 7], [0, 1, 2], [0, 9, 0], [4, 0, 4], version: 42, publishedAt: DateTimeOffset.UnixEpoch);
        store.WriteSlot(1000, 13, [8], [3], [0], [4], version: 42, publishedAt: null);

        Assert.True(store.TryRead(1000, 11, exportLane: false, out var units, out var quality, out var version));
        Assert.Equal((6, (byte)1, 42L), (units, quality, version));
        Assert.True(store.TryRead(1000, 11, exportLane: true, out units, out quality, out _));
        Assert.Equal((9, (byte)0), (units, quality));
        Assert.True(store.TryRead(1000, 13, exportLane: false, out units, out quality, out _));
        Assert.Equal((8, (byte)3), (units, quality));
        Assert.False(store.TryRead(1000, 14, exportLane: false, out _, out _, out _));
        Assert.False(store.TryRead(1001, 11, exportLane: false, out _, out _, out _));
    }

    [SkippableFact]
    public void ReadDay_DayThatLeftTheWindow_IsServedFromTheHistoryStoreWithTheSameValues()
    {
        using var store = CreateStore();
        var options = new IntervalEngineOptions { WindowDays = 1, Partitions = 2, History = store };
        var now = EngineHarness.Boundary(12, EngineHarness.Day.AddDays(3));
        using var h = new EngineHarness(options, now, new MeterBuilder().Id("M1").Build(), new MeterBuilder().Id("M2").At(MeterBuilder.SupplyPointB).Multiplier(40).Build());

        // Day 1, all boundaries, with one gap for M1 (estimated), then close its 48 slots.
        for (var k = 0; k <= 48; k++)
        {
            var reads = new List<MeterRead> { h.Read("M2", k, $"{100 + k}.5000") };
            if (k != 5)
            {
                reads.Add(h.Read("M1", k, $"{10 + (k * 0.25m):0.0000}"));
            }

            h.Ingest([.. reads]);
        }

        for (var k = 1; k <= 48; k++)
        {
            h.Close(k);
        }

        var before = h.DayOf(MeterBuilder.SupplyPointA);
        var beforeB = h.DayOf(MeterBuilder.SupplyPointB);

        // Two more days of reads push day 1 out of the one-day window.
        for (var k = 1; k <= 96; k++)
        {
            h.Ingest(h.Read("M1", EngineHarness.Boundary(48 + k), $"{22.0m + (k * 0.25m):0.0000}"), h.Read("M2", EngineHarness.Boundary(48 + k), $"{148.5m + k:0.0000}"));
        }

        Assert.Equal(before, h.DayOf(MeterBuilder.SupplyPointA));
        Assert.Equal(beforeB, h.DayOf(MeterBuilder.SupplyPointB));
        Assert.Equal(Quality.Estimated, before[4].Quality);
        Assert.Equal(Kwh.Parse("40.0000"), beforeB[0].Energy);
    }

    [SkippableFact]
    public void WriteSlot_SameSlotTwice_KeepsTheLatestCopy()
    {
        using var store = CreateStore();
        store.WriteSlot(7, 0, [1], [0], [0], [4], version: 1, publishedAt: null);
        store.WriteSlot(7, 0, [2], [1], [0], [4], version: 2, publishedAt: null);

        Assert.True(store.TryRead(7, 0, exportLane: false, out var units, out var quality, out var version));
        Assert.Equal((2, (byte)1, 2L), (units, quality, version));
    }

    public void Dispose()
    {
        Cleanup();
        GC.SuppressFinalize(this);
    }

    protected abstract void Cleanup();
}

public sealed class SqliteHistoryStoreTests : HistoryStoreContractTests
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-history-tests", Guid.NewGuid().ToString("N"));

    protected override IHistoryStore CreateStore() => new SqliteHistoryStore(Path.Combine(folder, "history.db"));

    protected override void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>Needs a real PostgreSQL server: set RENKEI_TEST_POSTGRES (an Npgsql connection string); .ci/run always does.</summary>
public sealed class PostgresHistoryStoreTests : HistoryStoreContractTests
{
    private readonly string table = "history_test_" + Guid.NewGuid().ToString("N");
    private readonly List<PostgresHistoryStore> created = [];

    protected override IHistoryStore CreateStore()
    {
        var connection = Environment.GetEnvironmentVariable("RENKEI_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(connection), "RENKEI_TEST_POSTGRES is not set (no PostgreSQL server for this run)");
        var store = new PostgresHistoryStore(connection!, table);
        created.Add(store);
        return store;
    }

    protected override void Cleanup()
    {
        var connection = Environment.GetEnvironmentVariable("RENKEI_TEST_POSTGRES");
        if (!string.IsNullOrEmpty(connection) && created.Count > 0)
        {
            using var store = new PostgresHistoryStore(connection, table);
            store.DropTable();
        }
    }
}
