namespace Renkei.Metering.Engine;

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
        Import = new long[boundaries * (long)Capacity];
        Export = new long[boundaries * (long)ExportCapacity];
    }

    public Lock Gate { get; } = new();

    /// <summary>First ordinal of the partition.</summary>
    public int From { get; }

    /// <summary>Meters in the partition.</summary>
    public int Count { get; set; }

    /// <summary>Row stride of <see cref="Import"/> (≥ <see cref="Count"/>; the last partition grows).</summary>
    public int Capacity { get; set; }

    public int ExportCount { get; set; }

    public int ExportCapacity { get; set; }

    /// <summary>For each ring row, the global boundary number it holds (or <see cref="long.MinValue"/>).</summary>
    public long[] RowBoundary { get; }

    /// <summary>Import registers, <c>[row × Capacity + (ordinal − From)]</c>, 0.0001 kWh, <see cref="IntervalEngine.Absent"/> if none.</summary>
    public long[] Import { get; set; }

    /// <summary>Export registers of the partition's export meters, <c>[row × ExportCapacity + exportIndex]</c>.</summary>
    public long[] Export { get; set; }
}
