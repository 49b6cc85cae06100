using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Hes;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Engine.Window;

public sealed class EngineSnapshotTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-snapshot-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void LoadSnapshot_ThenReplayTheLogTail_ReproducesValuesAndAcceptedCount()
    {
        MeterInstallation[] meters =
        [
            new MeterBuilder().Id("A1").At(MeterBuilder.SupplyPointA).WithExport().Build(),
            new MeterBuilder().Id("B1").At(MeterBuilder.SupplyPointB).Multiplier(40).Build(),
            new MeterBuilder().Id("B2").At(MeterBuilder.SupplyPointB).Build(),
        ];
        var clock = new FakeTimeProvider(EngineHarness.Boundary(12, EngineHarness.Day.AddDays(1)));
        var options = new IntervalEngineOptions { Partitions = 2 };
        var (registry, log, engine) = Build(meters, clock, options);
        var rejected = new List<RejectedRead>();
        for (var k = 0; k <= 48; k++)
        {
            if (k == 30)
            {
                // Snapshot in the middle: what follows is only in the log.
                for (var s = 1; s <= 29; s++)
                {
                    engine.CloseSlot(new Slot(EngineHarness.Day, s));
                }

                engine.WriteSnapshot(Path.Combine(folder, "snapshots"));
            }

            var at = EngineHarness.Boundary(k).UtcTicks;
            new ReadIngest(engine, log, registry).Ingest(
                [
                    new MeterRead(1, 0, at, 10_000 + (k * 1_500), Direction.Import),
                    new MeterRead(2, 0, at, 500 + (k * 300), Direction.Export),
                    new MeterRead(3, 1, at, 70_000 + (k * 250), Direction.Import),
                    new MeterRead(4, 2, at, 9_000 + (k % 5 == 0 ? 0 : k * 100), Direction.Import),
                ],
                rejected);
        }

        var expected = Values(registry, engine);
        var accepted = engine.AcceptedTotal;
        log.Dispose();

        var (registry2, log2, engine2) = Build(meters, clock, options);
        using (log2)
        {
            var from = engine2.LoadSnapshot(Path.Combine(folder, "snapshots"));
            var replayed = ReadLogReplay.Replay(log2, registry2, engine2, from);

            Assert.True(from > 0, "the snapshot was not loaded");
            Assert.True(replayed < accepted, "the whole log was replayed instead of its tail");
            Assert.Equal(accepted, engine2.AcceptedTotal);
            Assert.Equal(expected, Values(registry2, engine2));
        }
    }

    [Fact]
    public void LoadSnapshot_FromAnotherRegistry_IsIgnored()
    {
        var clock = new FakeTimeProvider(EngineHarness.Boundary(12, EngineHarness.Day.AddDays(1)));
        var (registry, log, engine) = Build([new MeterBuilder().Id("A1").Build()], clock, new IntervalEngineOptions { Partitions = 1 });
        new ReadIngest(engine, log, registry).Ingest([new MeterRead(1, 0, EngineHarness.Boundary(0).UtcTicks, 1, Direction.Import)], []);
        engine.WriteSnapshot(Path.Combine(folder, "snapshots"));
        log.Dispose();

        var (_, log2, other) = Build([new MeterBuilder().Id("Z9").Build()], clock, new IntervalEngineOptions { Partitions = 1 });
        using (log2)
        {
            Assert.Equal(0, other.LoadSnapshot(Path.Combine(folder, "snapshots")));
            Assert.Equal(0, other.AcceptedTotal);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private (MeterRegistry Registry, FileReadLog Log, IntervalEngine Engine) Build(MeterInstallation[] meters, TimeProvider clock, IntervalEngineOptions options)
    {
        var registry = new MeterRegistry();
        foreach (var m in meters)
        {
            registry.Add(m);
        }

        var log = new FileReadLog(Path.Combine(folder, "readlog"));
        return (registry, log, new IntervalEngine(registry, clock, options));
    }

    private static List<string> Values(MeterRegistry registry, IntervalEngine engine)
    {
        for (var s = 1; s <= 48; s++)
        {
            engine.CloseSlot(new Slot(EngineHarness.Day, s));
        }

        var result = new List<string>();
        var values = new IntervalValue[Slot.PerDay];
        foreach (var point in new[] { MeterBuilder.SupplyPointA, MeterBuilder.SupplyPointB })
        {
            Assert.True(registry.TryGetMeters(Domain.Identifiers.SupplyPointId.Parse(point), out var ordinals));
            foreach (var dir in new[] { Direction.Import, Direction.Export })
            {
                engine.ReadDay(ordinals, EngineHarness.Day, dir, values);
                result.AddRange(values.Select(v => $"{v.Energy}/{v.Quality}"));
            }
        }

        return result;
    }
}
