using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Hes;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Ingest;

public sealed class FileReadLogTests : IDisposable
{
    private static readonly MeterRegistry MeterIds = RegistryOf("M1", "メーター2");
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-readlog-tests", Guid.NewGuid().ToString("N"));

    private string LogFile => Path.Combine(folder, "reads.log");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static MeterRead R(int ordinal, long ticks, long units, Direction direction = Direction.Import) =>
        new(1, ordinal, ticks, units, direction);

    [Fact]
    public void ReadAll_AfterAppends_ReturnsEveryReadInOrder()
    {
        using var log = new FileReadLog(folder);

        log.Append([R(0, 1_000, 12_345), R(1, 2_000, -1, Direction.Export)], MeterIds);
        log.Append([R(1, long.MaxValue, long.MaxValue)], MeterIds);

        Assert.Equal(
            [
                ("M1", 1_000, 12_345, Direction.Import),
                ("メーター2", 2_000, -1, Direction.Export),
                ("メーター2", long.MaxValue, long.MaxValue, Direction.Import),
            ],
            log.ReadAll().Select(r => (log.MeterIdOfLogged(r.LoggedOrdinal), r.UtcTicks, r.RegisterUnits, r.Direction)));
    }

    [Fact]
    public void Open_AfterTornMeterIdLine_CutsItAndKnowsTheIdsBeforeIt()
    {
        using (var log = new FileReadLog(folder))
        {
            log.Append([R(0, 1_000, 1)], MeterIds);
        }

        // A crash while the next meter's ID was being written: its records never were.
        File.AppendAllText(Path.Combine(folder, "meters.ids"), "メー");

        using (var reopened = new FileReadLog(folder))
        {
            Assert.Equal("M1", reopened.MeterIdOfLogged(0));
            Assert.Null(reopened.MeterIdOfLogged(1));
            reopened.Append([R(1, 2_000, 2)], MeterIds);
        }

        using var again = new FileReadLog(folder);
        Assert.Equal(["M1", "メーター2"], again.ReadAll().Select(r => again.MeterIdOfLogged(r.LoggedOrdinal)));
        Assert.Equal("M1\nメーター2\n", File.ReadAllText(Path.Combine(folder, "meters.ids")));
    }

    [Fact]
    public void Append_WhenMeterIdsCannotBeWritten_WritesNothingAndNumbersTheMetersOnTheNextAppend()
    {
        using var log = new FileReadLog(folder);
        log.Append([R(0, 1_000, 1)], MeterIds);

        // meters.ids cannot be opened for the moment: a directory stands in its place.
        var ids = Path.Combine(folder, "meters.ids");
        File.Move(ids, ids + ".kept");
        Directory.CreateDirectory(ids);
        var sizeBefore = new FileInfo(LogFile).Length;
        Assert.ThrowsAny<Exception>(() => log.Append([R(1, 2_000, 2), R(1, 3_000, 3)], MeterIds));
        Assert.Equal(sizeBefore, new FileInfo(LogFile).Length);

        Directory.Delete(ids);
        File.Move(ids + ".kept", ids);
        log.Append([R(1, 2_000, 2), R(0, 4_000, 4)], MeterIds);

        Assert.Equal(
            [("M1", 1_000L), ("メーター2", 2_000L), ("M1", 4_000L)],
            log.ReadAll().Select(r => (log.MeterIdOfLogged(r.LoggedOrdinal), r.UtcTicks)));
        Assert.Equal("M1\nメーター2\n", File.ReadAllText(ids));
    }

    [Fact]
    public void Prepare_FreshLog_NumbersEveryRegistryMeterInRegistryOrderOnce()
    {
        var registry = RegistryOf("A", "B", "C");
        using (var log = new FileReadLog(folder))
        {
            log.Prepare(registry);
            log.Append([R(2, 1_000, 1), R(0, 2_000, 2)], registry);
            Assert.Equal([2, 0], log.ReadAll().Select(r => r.LoggedOrdinal));
        }

        // A restart with the registry reordered and grown: nothing numbered again, the new meter appended.
        var reordered = RegistryOf("C", "A", "B", "D");
        using (var log = new FileReadLog(folder))
        {
            log.Prepare(reordered);
            log.Append([R(3, 3_000, 3), R(0, 4_000, 4)], reordered);
            Assert.Equal(["C", "A", "D", "C"], log.ReadAll().Select(r => log.MeterIdOfLogged(r.LoggedOrdinal)));
        }

        Assert.Equal("A\nB\nC\nD\n", File.ReadAllText(Path.Combine(folder, "meters.ids")));
    }

    [Fact]
    public void RegistryReorderedBetweenRestarts_EachRecordKeepsItsOwnMeter()
    {
        using (var log = new FileReadLog(folder))
        {
            log.Append([R(1, 1_000, 1)], RegistryOf("A", "B"));
        }

        // The registry file now lists the meters the other way round, and one more.
        using (var log = new FileReadLog(folder))
        {
            log.Append([R(0, 2_000, 2), R(1, 3_000, 3), R(2, 4_000, 4)], RegistryOf("B", "A", "C"));
        }

        using var reopened = new FileReadLog(folder);
        Assert.Equal(
            [("B", 1_000L), ("B", 2_000L), ("A", 3_000L), ("C", 4_000L)],
            reopened.ReadAll().Select(r => (reopened.MeterIdOfLogged(r.LoggedOrdinal), r.UtcTicks)));
    }

    [Fact]
    public void Reopen_WithTheSameRegistry_NumbersNoMeterAgain()
    {
        using (var log = new FileReadLog(folder))
        {
            log.Append([R(0, 1_000, 1), R(1, 1_000, 1)], MeterIds);
        }

        using (var reopened = new FileReadLog(folder))
        {
            reopened.Append([R(1, 2_000, 2), R(0, 2_000, 2)], MeterIds);
            Assert.Equal([0, 1], reopened.OrdinalsOfLogged(MeterIds));
        }

        Assert.Equal("M1\nメーター2\n", File.ReadAllText(Path.Combine(folder, "meters.ids")));
    }

    [Fact]
    public void MeterThatLeftTheRegistryAndCameBack_ReplaysUnderBothItsNumbers()
    {
        using (var log = new FileReadLog(folder))
        {
            log.Append([R(0, 1_000, 1)], RegistryOf("M1"));
        }

        // The next process starts with a registry without M1; M1 is added again while it runs.
        var registry = RegistryOf("X");
        using (var log = new FileReadLog(folder))
        {
            log.Append([R(0, 2_000, 2)], registry);
            registry.Add(new MeterBuilder().Id("M1").Build());
            log.Append([R(1, 3_000, 3)], registry);
        }

        using var reopened = new FileReadLog(folder);
        Assert.Equal("M1\nX\nM1\n", File.ReadAllText(Path.Combine(folder, "meters.ids")));
        var ordinals = reopened.OrdinalsOfLogged(RegistryOf("M1", "X"));
        Assert.Equal([0, 1, 0], ordinals);
        Assert.Equal([0, 1, 0], reopened.ReadAll().Select(r => ordinals[r.LoggedOrdinal]));
    }

    [Fact]
    public void Open_AfterReopen_KeepsEarlierReadsAndAppendsAfterThem()
    {
        using (var log = new FileReadLog(folder))
        {
            log.Append([R(0, 1_000, 1)], MeterIds);
        }

        using var reopened = new FileReadLog(folder);
        reopened.Append([R(0, 2_000, 2)], MeterIds);

        Assert.Equal([1_000L, 2_000L], reopened.ReadAll().Select(r => r.UtcTicks));
    }

    [Fact]
    public void Open_AfterTornPartialRecord_KeepsFullRecordsAndTruncatesTheRest()
    {
        using (var log = new FileReadLog(folder))
        {
            log.Append([R(0, 1_000, 1), R(1, 2_000, 2)], MeterIds);
        }

        var goodLength = new FileInfo(LogFile).Length;

        // A crash mid-write: the first 10 bytes of a third record (length, "M1", part of the ticks).
        using (var log = new FileReadLog(Path.Combine(folder, "scratch")))
        {
            log.Append([R(0, 3_000, 3)], MeterIds);
        }

        var record = File.ReadAllBytes(Path.Combine(folder, "scratch", "reads.log"));
        AppendBytes(record[..10]);

        using var reopened = new FileReadLog(folder);

        Assert.Equal(goodLength, new FileInfo(LogFile).Length);
        Assert.Equal([1_000L, 2_000L], reopened.ReadAll().Select(r => r.UtcTicks));
        reopened.Append([R(0, 4_000, 4)], MeterIds);
        Assert.Equal([1_000L, 2_000L, 4_000L], reopened.ReadAll().Select(r => r.UtcTicks));
    }

    [Fact]
    public void Open_AfterGarbageTail_TruncatesIt()
    {
        using (var log = new FileReadLog(folder))
        {
            log.Append([R(0, 1_000, 1)], MeterIds);
        }

        var goodLength = new FileInfo(LogFile).Length;
        AppendBytes([0xFF, 0x13, 0x37, 0x00, 0x42]);

        using var reopened = new FileReadLog(folder);

        Assert.Equal(goodLength, new FileInfo(LogFile).Length);
        Assert.Equal([new LoggedRead(0, 1_000, 1, Direction.Import, FileReadLog.RecordSize)], reopened.ReadAll());
        Assert.Equal("M1", reopened.MeterIdOfLogged(0));
    }

    [Fact]
    public void Replay_IntoFreshEngine_ReproducesPublishedValues()
    {
        MeterInstallation[] meters =
        [
            new MeterBuilder().Id("A1").At(MeterBuilder.SupplyPointA).WithExport().Build(),
            new MeterBuilder().Id("A2").At(MeterBuilder.SupplyPointA).Multiplier(40).Build(),
            new MeterBuilder().Id("B1").At(MeterBuilder.SupplyPointB).Digits(5).Initial("99999").Build(),
        ];
        var options = new IntervalEngineOptions { Partitions = 2 };
        var clock = new FakeTimeProvider(EngineHarness.Boundary(12, EngineHarness.Day.AddDays(1)));
        var original = Build(meters, clock, options, out var originalLog);
        var rejected = new List<RejectedRead>();
        var reads = new List<MeterRead>();
        for (var k = 0; k <= 48; k++)
        {
            reads.Add(new MeterRead(1, 0, EngineHarness.Boundary(k).UtcTicks, 1_000_000 + (k * 2_500), Direction.Import));
            reads.Add(new MeterRead(1, 0, EngineHarness.Boundary(k).UtcTicks, 50_000 + (k * k * 100), Direction.Export));
            if (k % 7 != 3)
            {
                reads.Add(new MeterRead(1, 1, EngineHarness.Boundary(k).UtcTicks, 5_000 + (k * 125), Direction.Import));
            }

            reads.Add(new MeterRead(1, 2, EngineHarness.Boundary(k).UtcTicks, (999_990_000 + (k * 4_000)) % 1_000_000_000, Direction.Import));
        }

        // In three batches, with slots closed in between, so some reads arrive late and revise.
        var hes = new ReadIngest(original.Engine, originalLog, original.Registry);
        hes.Ingest(reads[..40].ToArray(), rejected);
        CloseAll(original, 1, 12);
        hes.Ingest(reads[40..].ToArray(), rejected);
        hes.Ingest([new MeterRead(1, 1, EngineHarness.Boundary(3).UtcTicks, 5_375, Direction.Import)], rejected);
        CloseAll(original, 13, 48);
        Assert.Empty(rejected);
        originalLog.Dispose();

        var replayed = Build(meters, clock, options, out var replayedLog);
        using (replayedLog)
        {
            var applied = ReadLogReplay.Replay(replayedLog, replayed.Registry, replayed.Engine);
            CloseAll(replayed, 1, 48);

            Assert.Equal(original.Engine.AcceptedTotal, applied);
            Assert.Equal(reads.Count + 1, applied);
            foreach (var sp in new[] { MeterBuilder.SupplyPointA, MeterBuilder.SupplyPointB })
            {
                foreach (var dir in new[] { Direction.Import, Direction.Export })
                {
                    Assert.Equal(DayOf(original, sp, dir), DayOf(replayed, sp, dir));
                }
            }

            Assert.All(DayOf(replayed, MeterBuilder.SupplyPointB, Direction.Import), v => Assert.Equal("0.4000", v.Energy?.ToString()));
        }
    }

    private (MeterRegistry Registry, IntervalEngine Engine) Build(MeterInstallation[] meters, TimeProvider clock, IntervalEngineOptions options, out FileReadLog log)
    {
        var registry = new MeterRegistry();
        foreach (var m in meters)
        {
            registry.Add(m);
        }

        log = new FileReadLog(folder);
        return (registry, new IntervalEngine(registry, clock, options));
    }

    private static void CloseAll((MeterRegistry Registry, IntervalEngine Engine) e, int from, int to)
    {
        for (var n = from; n <= to; n++)
        {
            Assert.True(e.Engine.CloseSlot(new Slot(EngineHarness.Day, n)));
        }
    }

    private static IntervalValue[] DayOf((MeterRegistry Registry, IntervalEngine Engine) e, string supplyPoint, Direction direction)
    {
        Assert.True(e.Registry.TryGetMeters(Domain.Identifiers.SupplyPointId.Parse(supplyPoint), out var ordinals));
        var values = new IntervalValue[Slot.PerDay];
        e.Engine.ReadDay(ordinals, EngineHarness.Day, direction, values);

        // Versions number publications and revisions in the order they happened, which a replay does not repeat;
        // the values, qualities and publication must be identical.
        return [.. values.Select(v => v with { Version = 0 })];
    }

    private static MeterRegistry RegistryOf(params string[] meterIds)
    {
        var registry = new MeterRegistry();
        foreach (var id in meterIds)
        {
            registry.Add(new MeterBuilder().Id(id).Build());
        }

        return registry;
    }

    private void AppendBytes(byte[] bytes)
    {
        using var f = new FileStream(LogFile, FileMode.Append, FileAccess.Write);
        f.Write(bytes);
    }
}
