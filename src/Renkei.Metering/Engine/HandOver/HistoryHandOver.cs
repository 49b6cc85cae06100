using Renkei.Metering.Engine.Publication;
using Renkei.Metering.Engine.Vee;
using Renkei.Metering.Engine.Window;
using Renkei.Metering.History;

namespace Renkei.Metering.Engine.HandOver;

/// <summary>
/// Hands the slots that leave the window to the history store. A slot's values are taken under the partition's
/// lock (<see cref="Capture"/>, memory only) and written once the lock is released (<see cref="Flush"/>), so no
/// store write holds up ingest or reads of the partition. Until written, a captured slot is read from here.
/// </summary>
internal sealed class HistoryHandOver(IHistoryStore store, RegisterWindow window, SlotPublication publication)
{
    private readonly List<CapturedSlot> pending = [];
    private readonly Lock gate = new();

    public IHistoryStore Store => store;

    /// <summary>Takes one partition's values of the slot starting at <paramref name="g"/>. The caller holds the partition's lock.</summary>
    public void Capture(MeterPartition part, long g)
    {
        var n = part.Count;
        var captured = new CapturedSlot(g, part.From, n);
        for (var i = 0; i < n; i++)
        {
            var o = part.From + i;
            var import = window.ValueOf(part, o, Direction.Import, g);
            captured.ImportUnits[i] = (int)Math.Min(import.Units, int.MaxValue);
            captured.ImportQuality[i] = (byte)import.Quality;
            var export = window.ValueOf(part, o, Direction.Export, g);
            captured.ExportUnits[i] = (int)Math.Min(export.Units, int.MaxValue);
            captured.ExportQuality[i] = (byte)export.Quality;
        }

        lock (gate)
        {
            pending.Add(captured);
        }
    }

    /// <summary>Writes every captured slot no other thread is writing. Call without a partition's lock.</summary>
    public void Flush()
    {
        while (true)
        {
            CapturedSlot? next = null;
            lock (gate)
            {
                foreach (var c in pending)
                {
                    if (!c.Writing)
                    {
                        c.Writing = true;
                        next = c;
                        break;
                    }
                }
            }

            if (next is null)
            {
                return;
            }

            try
            {
                var timeline = publication.PublishedTimeline(next.Boundary);
                store.WriteSlot(next.Boundary, next.From, next.ImportUnits, next.ImportQuality, next.ExportUnits, next.ExportQuality, timeline?.Version ?? 0, timeline?.PublishedAt);
            }
            catch
            {
                lock (gate)
                {
                    next.Writing = false;
                }

                throw;
            }

            lock (gate)
            {
                pending.Remove(next);
            }
        }
    }

    /// <summary>Whether a slot of the partition starting at meter <paramref name="from"/> is captured and not yet in the store.</summary>
    public bool HasPending(int from)
    {
        lock (gate)
        {
            foreach (var c in pending)
            {
                if (c.From == from)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>One meter's value of a slot beyond the window: captured and not yet written, else from the store.</summary>
    public bool TryRead(long g, int o, bool exportLane, out int units, out byte quality, out long version)
    {
        lock (gate)
        {
            foreach (var c in pending)
            {
                if (c.Boundary == g && o >= c.From && o < c.From + c.ImportUnits.Length)
                {
                    var i = o - c.From;
                    units = exportLane ? c.ExportUnits[i] : c.ImportUnits[i];
                    quality = exportLane ? c.ExportQuality[i] : c.ImportQuality[i];
                    version = publication.PublishedTimeline(g)?.Version ?? 0;
                    return true;
                }
            }
        }

        return store.TryRead(g, o, exportLane, out units, out quality, out version);
    }

    private sealed class CapturedSlot(long boundary, int from, int count)
    {
        public long Boundary { get; } = boundary;

        public int From { get; } = from;

        public int[] ImportUnits { get; } = new int[count];

        public byte[] ImportQuality { get; } = new byte[count];

        public int[] ExportUnits { get; } = new int[count];

        public byte[] ExportQuality { get; } = new byte[count];

        public bool Writing { get; set; }
    }
}
