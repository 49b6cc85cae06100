using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Hes;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Engine.Publication;

/// <summary>
/// A crash takes nothing back that retailers were shown: an engine on a data folder ingests through the read log,
/// publishes, revises, and is then dropped without any shutdown (only the files it wrote remain); the engine
/// rebuilt from the folder serves every published value identically, no version lower, the feed's cursor not
/// lower, nothing unpublished, and hands out only higher versions afterwards.
/// </summary>
public sealed class PublicationRestartTests : IDisposable
{
    private static readonly DateOnly Day = EngineHarness.Day;
    private static readonly string[] Points = [MeterBuilder.SupplyPointA, MeterBuilder.SupplyPointB];
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-publication-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider clock = new(EngineHarness.Boundary(12, Day.AddDays(1)));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Crash_ThenRebuildFromTheFolder_ServesWhatWasPublished(bool withSnapshot)
    {
        var (registry, log, engine) = Build();
        var hes = new ReadIngest(engine, log, registry);
        var a = Ordinal(registry, "A1");
        var b = Ordinal(registry, "B1");
        for (var k = 0; k <= 20; k++)
        {
            var at = EngineHarness.Boundary(k).UtcTicks;
            if (k != 12)
            {
                // A1's read at 06:00 comes late: slots 12 and 13 are published estimated, then revised.
                Ingest(hes, new MeterRead(1, a, at, 10_000 + (k * 1_500), Direction.Import), new MeterRead(2, a, at, 500 + (k * 300), Direction.Export));
            }

            Ingest(hes, new MeterRead(3, b, at, 70_000 + (k * 250), Direction.Import));
        }

        for (var s = 1; s <= 20; s++)
        {
            Assert.True(engine.CloseSlot(new Slot(Day, s)));
        }

        Ingest(hes, new MeterRead(4, a, EngineHarness.Boundary(12).UtcTicks, 10_000 + (12 * 1_500), Direction.Import));
        if (withSnapshot)
        {
            engine.WriteSnapshot(Path.Combine(folder, "snapshots"));
        }

        // Slot 21 is published with A1 missing; its read comes after the snapshot and revises it.
        Ingest(hes, new MeterRead(5, b, EngineHarness.Boundary(21).UtcTicks, 70_000 + (21 * 250), Direction.Import));
        Assert.True(engine.CloseSlot(new Slot(Day, 21)));
        Ingest(hes, new MeterRead(6, a, EngineHarness.Boundary(21).UtcTicks, 10_000 + (21 * 1_500), Direction.Import));
        Assert.True(engine.RevisionsSince(0, 100).Count >= 3, "the scenario must revise published values");

        var values = Values(registry, engine);
        var published = Published(engine);
        var current = engine.CurrentVersion;
        var stable = engine.StableVersion;

        // The crash: the engine is dropped as it is, without a shutdown; its files stay as they are on disk.
        log.Dispose();

        var (registry2, log2, engine2) = Build();
        using (log2)
        {
            var from = engine2.LoadSnapshot(Path.Combine(folder, "snapshots"));
            Assert.Equal(withSnapshot, from > 0);
            ReadLogReplay.Replay(log2, registry2, engine2, from);

            Assert.Equal(published, Published(engine2));
            var after = Values(registry2, engine2);
            Assert.Equal(values.Count, after.Count);
            foreach (var (key, before) in values)
            {
                var now = after[key];
                Assert.True(before with { Version = 0 } == now with { Version = 0 }, $"{key}: {before} before the crash, {now} after");
                Assert.True(now.Version >= before.Version, $"{key}: version {before.Version} before the crash, {now.Version} after");
            }

            Assert.True(engine2.CurrentVersion >= current, $"the feed's cursor went back from {current} to {engine2.CurrentVersion}");
            Assert.True(engine2.StableVersion >= stable, $"the feed's horizon went back from {stable} to {engine2.StableVersion}");

            // Closing a published slot again changes nothing; the next publication is above every version handed out.
            Assert.True(engine2.CloseSlot(new Slot(Day, 5)));
            Assert.Equal(published, Published(engine2));
            Assert.True(engine2.CloseSlot(new Slot(Day, 22)));
            Assert.True(engine2.TimelineOf(new Slot(Day, 22)).Version > current);
        }
    }

    [Fact]
    public void TornJournalTail_IsCutOff_AndVersionsGoOnAboveThoseHandedOut()
    {
        var (registry, log, engine) = Build();
        var hes = new ReadIngest(engine, log, registry);
        var a = Ordinal(registry, "A1");
        for (var k = 0; k <= 4; k++)
        {
            Ingest(hes, new MeterRead(1, a, EngineHarness.Boundary(k).UtcTicks, 10_000 + (k * 1_500), Direction.Import));
        }

        Assert.True(engine.CloseSlot(new Slot(Day, 1)));
        var first = engine.CurrentVersion;
        log.Dispose();

        // The journal's last record torn by the crash: a write that never returned, never made visible.
        var journal = Path.Combine(folder, "publications.log");
        File.AppendAllText(journal, "torn");

        var (registry2, log2, engine2) = Build();
        using (log2)
        {
            ReadLogReplay.Replay(log2, registry2, engine2);
            Assert.Equal(0, new FileInfo(journal).Length % Metering.Engine.Publication.PublicationJournal.RecordSize);
            Assert.True(engine2.IsPublished(new Slot(Day, 1)));
            Assert.True(engine2.CloseSlot(new Slot(Day, 2)));
            Assert.True(engine2.TimelineOf(new Slot(Day, 2)).Version > first);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private (MeterRegistry Registry, FileReadLog Log, IntervalEngine Engine) Build()
    {
        var registry = new MeterRegistry();
        registry.Add(new MeterBuilder().Id("A1").At(MeterBuilder.SupplyPointA).WithExport().Build());
        registry.Add(new MeterBuilder().Id("B1").At(MeterBuilder.SupplyPointB).Build());
        var options = new IntervalEngineOptions { Partitions = 2, PublicationJournal = Path.Combine(folder, "publications.log") };
        return (registry, new FileReadLog(Path.Combine(folder, "readlog")), new IntervalEngine(registry, clock, options));
    }

    private static int Ordinal(MeterRegistry registry, string meterId)
    {
        Assert.True(registry.TryGetOrdinal(meterId, out var ordinal));
        return ordinal;
    }

    private static void Ingest(ReadIngest hes, params MeterRead[] reads)
    {
        var rejected = new List<RejectedRead>();
        var outcome = hes.Ingest(reads, rejected);
        Assert.Empty(rejected);
        Assert.Equal(reads.Length, outcome.Accepted);
    }

    /// <summary>Every value of both points, both directions, over the day and the next, as a retailer reads them.</summary>
    private static Dictionary<string, IntervalValue> Values(MeterRegistry registry, IntervalEngine engine)
    {
        var result = new Dictionary<string, IntervalValue>();
        var values = new IntervalValue[Slot.PerDay];
        foreach (var point in Points)
        {
            Assert.True(registry.TryGetMeters(SupplyPointId.Parse(point), out var ordinals));
            foreach (var direction in new[] { Direction.Import, Direction.Export })
            {
                engine.ReadDay(ordinals, Day, direction, values);
                for (var k = 0; k < Slot.PerDay; k++)
                {
                    result[$"{point} {direction} slot {k + 1}"] = values[k];
                }
            }
        }

        return result;
    }

    private static List<string> Published(IntervalEngine engine) =>
        [.. engine.PublishedSince(0).Select(t => $"{t.Slot} v{t.Version} at {t.PublishedAt?.UtcDateTime:O}, {t.Quality}")];
}
