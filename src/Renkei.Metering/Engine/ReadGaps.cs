using Renkei.Domain.Energy;
using Renkei.Metering.Engine.Vee;
using Renkei.Metering.Engine.Window;

namespace Renkei.Metering.Engine;

/// <summary>
/// Which meters lack a read at a slot's start or end, for the re-reads that follow a slot's publication. Read-only over the
/// window, run off the close path: each partition's lock is taken for at most <see cref="Chunk"/> meters at a time,
/// so ingest into the partition waits no longer than that.
/// </summary>
internal sealed class ReadGaps(RegisterWindow window)
{
    /// <summary>Meters looked at per hold of a partition's lock.</summary>
    public const int Chunk = 8_192;

    /// <summary>
    /// Counts the values of the slot ending at boundary <paramref name="end"/> (starting at <c>end − 1</c>) that lack
    /// a read at either end, of every meter installed over the slot: import, and export for the meters that measure
    /// it. A meter silent for several slots lacks both reads in the slots inside its silence and one in the first
    /// and last, so each slot of the silence counts it. Lists the first <paramref name="max"/> of them in
    /// <paramref name="listed"/>, with the ends absent.
    /// </summary>
    public int Scan(long end, int max, List<GapRead> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var start = end - 1;
        if (window.IsBeyondWindow(start))
        {
            return 0;
        }

        var missing = 0;
        foreach (var part in window.Partitions)
        {
            var last = part.From + part.Count;
            for (var from = part.From; from < last; from += Chunk)
            {
                var to = Math.Min(last, from + Chunk);
                lock (part.Gate)
                {
                    for (var o = from; o < to; o++)
                    {
                        if (!SlotVee.IsInstalled(start, window.InstalledAt(o), window.RemovedAt(o)))
                        {
                            continue;
                        }

                        for (var d = 0; d < (window.MeasuresExport(o) ? 2 : 1); d++)
                        {
                            var ends = (window.Load(part, o, (Direction)d, start) == RegisterWindow.Absent ? MissingEnds.Start : MissingEnds.None)
                                | (window.Load(part, o, (Direction)d, end) == RegisterWindow.Absent ? MissingEnds.End : MissingEnds.None);
                            if (ends == MissingEnds.None)
                            {
                                continue;
                            }

                            missing++;
                            if (listed.Count < max)
                            {
                                listed.Add(new GapRead(o, (Direction)d, ends));
                            }
                        }
                    }
                }
            }
        }

        return missing;
    }

    /// <summary>Whether the meter's read at boundary <paramref name="g"/> is held (false once the boundary has left the window).</summary>
    public bool IsPresent(int ordinal, Direction direction, long g)
    {
        if (window.IsBeyondWindow(g) || (uint)ordinal >= (uint)window.Meters)
        {
            return false;
        }

        var part = window.Partitions[window.PartitionOf(ordinal)];
        lock (part.Gate)
        {
            return window.Load(part, ordinal, direction, g) != RegisterWindow.Absent;
        }
    }
}
