using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.History;

namespace Renkei.Metering.Tests.Engine.HandOver;

public sealed class HistoryHandOverTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-handover-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void SlotLeavingTheWindow_IsWrittenWhileThePartitionServesOtherThreads()
    {
        Directory.CreateDirectory(folder);
        using var store = new ProbingStore(new SqliteHistoryStore(Path.Combine(folder, "history.db")));
        var options = new IntervalEngineOptions { WindowDays = 1, Partitions = 1, History = store };
        using var h = new EngineHarness(options, EngineHarness.Boundary(12, EngineHarness.Day.AddDays(3)), new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "10.0000"), h.Read("M1", 1, "10.5000"));
        h.Close(1);
        Assert.True(h.Registry.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointA), out var ordinals));
        var meters = ordinals.ToArray();

        // While the store writes, another thread reads the same partition: it must not wait for the write.
        store.Probe = () =>
        {
            var values = new IntervalValue[Slot.PerDay];
            h.Engine.ReadDay(meters, EngineHarness.Day.AddDays(1), Direction.Import, values);
        };
        h.Ingest(h.Read("M1", EngineHarness.Boundary(2, EngineHarness.Day.AddDays(1)), "20.0000"));
        Assert.True(h.Engine.History!.WaitUntilWritten(TimeSpan.FromSeconds(30)), "the slot that left the window was not written");

        Assert.True(store.Probes > 0, "no slot left the window");
        Assert.True(store.ProbesFinished == store.Probes, "a read of the partition waited for a history write");
        Assert.Equal(Kwh("0.5000"), h.ValueOf("M1", 1).Energy);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Renkei.Domain.Energy.Kwh Kwh(string text) => Renkei.Domain.Energy.Kwh.Parse(text);

    /// <summary>The SQLite store, running a probe on another thread during each write and waiting for it.</summary>
    private sealed class ProbingStore(IHistoryStore inner) : IHistoryStore
    {
        public Action? Probe { get; set; }

        public int Probes { get; private set; }

        public int ProbesFinished { get; private set; }

        public void WriteSlot(long slotStart, int from, ReadOnlySpan<int> importUnits, ReadOnlySpan<byte> importQuality, ReadOnlySpan<int> exportUnits, ReadOnlySpan<byte> exportQuality, long version, DateTimeOffset? publishedAt)
        {
            if (Probe is { } probe)
            {
                Probes++;
                if (Task.Run(probe).Wait(TimeSpan.FromSeconds(10)))
                {
                    ProbesFinished++;
                }
            }

            inner.WriteSlot(slotStart, from, importUnits, importQuality, exportUnits, exportQuality, version, publishedAt);
        }

        public bool TryRead(long slotStart, int ordinal, bool exportLane, out int units, out byte quality, out long version) =>
            inner.TryRead(slotStart, ordinal, exportLane, out units, out quality, out version);

        public void Dispose() => inner.Dispose();
    }
}
