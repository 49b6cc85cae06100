using Renkei.Domain.Time;

namespace Renkei.Simulator.HeadEnd;

/// <summary>
/// What the meters still hold that the head-end did not deliver on time: each read the feed lost or delayed, by
/// meter, boundary and direction, for the last <see cref="BoundariesHeld"/> boundaries (a smart meter keeps its
/// recent interval registers; older ones are gone). A re-read is answered from here.
/// </summary>
public sealed class MeterMemory
{
    private readonly Dictionary<(string MeterId, long Boundary, bool Export), long> held = [];
    private readonly Lock gate = new();
    private long newest = long.MinValue;

    /// <summary>How many boundaries back a meter still holds its registers. Default 96 (two days).</summary>
    public int BoundariesHeld { get; init; } = 96;

    /// <summary>Reads held now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return held.Count;
            }
        }
    }

    /// <summary>Remembers a read the feed did not deliver at its boundary.</summary>
    public void Hold(string meterId, DateTimeOffset at, long units, bool export)
    {
        var g = at.UtcTicks / Slot.TicksPerSlot;
        lock (gate)
        {
            held[(meterId, g, export)] = units;
            if (g > newest)
            {
                newest = g;
                held.Keys.Where(k => k.Boundary <= newest - BoundariesHeld).ToList().ForEach(k => held.Remove(k));
            }
        }
    }

    /// <summary>The register the meter holds for that boundary and direction, if it still holds one the feed did not deliver.</summary>
    public bool TryRecall(string meterId, DateTimeOffset at, bool export, out long units)
    {
        lock (gate)
        {
            return held.TryGetValue((meterId, at.UtcTicks / Slot.TicksPerSlot, export), out units);
        }
    }
}
