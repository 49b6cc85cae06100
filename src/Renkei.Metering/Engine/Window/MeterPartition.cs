namespace Renkei.Metering.Engine.Window;

/// <summary>
/// One partition of the engine's state: a contiguous range of meter ordinals with its own register ring and
/// its own lock, so partitions ingest and close in parallel on all cores. A partition depends on nothing but
/// its ordinal range, which is what lets a later deployment place partitions on different machines.
/// </summary>
internal sealed class MeterPartition
{
    public MeterPartition(int from, int count, int exportCount, int boundaries)
    {
        From = from;
        Count = count;
        Capacity = Math.Max(count, 1);
        ExportCount = exportCount;
        ExportCapacity = Math.Max(exportCount, 1);
        RowBoundary = new long[boundaries];
        Array.Fill(RowBoundary, long.MinValue);
        Import = new RegisterLane(boundaries, count);
        Export = new RegisterLane(boundaries, exportCount);
        ImportCarry = new long[Capacity];
        ImportCarryBoundary = new long[Capacity];
        ExportCarry = new long[ExportCapacity];
        ExportCarryBoundary = new long[ExportCapacity];
        Array.Fill(ImportCarryBoundary, long.MinValue);
        Array.Fill(ExportCarryBoundary, long.MinValue);
    }

    /// <summary>
    /// Per meter, the last register that left the window and its boundary: a gap that starts before the window
    /// is still estimated from it, and a slot leaving the window keeps the value it had.
    /// </summary>
    public long[] ImportCarry { get; private set; }

    public long[] ImportCarryBoundary { get; private set; }

    public long[] ExportCarry { get; private set; }

    public long[] ExportCarryBoundary { get; private set; }

    public Lock Gate { get; } = new();

    /// <summary>Grows the partition to <paramref name="count"/> meters (and export meters), keeping every register.</summary>
    public void Grow(int count, int exportCount, int boundaries)
    {
        if (count > Capacity)
        {
            var capacity = Math.Max(count, Capacity * 2);
            ImportCarry = Extend(ImportCarry, capacity, 0);
            ImportCarryBoundary = Extend(ImportCarryBoundary, capacity, long.MinValue);
            Capacity = capacity;
        }

        if (exportCount > ExportCapacity)
        {
            var capacity = Math.Max(exportCount, ExportCapacity * 2);
            ExportCarry = Extend(ExportCarry, capacity, 0);
            ExportCarryBoundary = Extend(ExportCarryBoundary, capacity, long.MinValue);
            ExportCapacity = capacity;
        }

        // New meters start with no reads in any row.
        Import.Grow(count);
        Export.Grow(exportCount);
        Count = count;
        ExportCount = exportCount;
    }

    private static long[] Extend(long[] old, int length, long fill)
    {
        var grown = new long[length];
        Array.Fill(grown, fill);
        Array.Copy(old, grown, old.Length);
        return grown;
    }

    /// <summary>Reads accepted into this partition (kept in snapshots, so the count survives a restart).</summary>
    public long Accepted { get; set; }

    /// <summary>The read-log position through which every logged read has been applied to this partition (kept in snapshots).</summary>
    public long LogPosition { get; set; }

    /// <summary>The last slot (by start boundary) this partition has handed to the history store.</summary>
    public long PersistedThrough { get; set; } = long.MinValue;

    /// <summary>First ordinal of the partition.</summary>
    public int From { get; }

    /// <summary>Meters in the partition.</summary>
    public int Count { get; set; }

    /// <summary>Length of the import carry arrays (≥ <see cref="Count"/>; the last partition grows).</summary>
    public int Capacity { get; set; }

    public int ExportCount { get; set; }

    public int ExportCapacity { get; set; }

    /// <summary>The newest boundary any row of this partition holds (<see cref="long.MinValue"/> before the first read).</summary>
    public long Newest { get; set; } = long.MinValue;

    /// <summary>For each ring row, the global boundary number it holds (or <see cref="long.MinValue"/>).</summary>
    public long[] RowBoundary { get; }

    /// <summary>Import registers, <c>[row, ordinal − From]</c>, 0.0001 kWh, <see cref="RegisterLane.Absent"/> if none.</summary>
    public RegisterLane Import { get; }

    /// <summary>Export registers of the partition's export meters, <c>[row, exportIndex]</c>.</summary>
    public RegisterLane Export { get; }
}
