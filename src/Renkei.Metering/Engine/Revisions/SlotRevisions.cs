namespace Renkei.Metering.Engine.Revisions;

/// <summary>The revisions of one slot: how many, and each revised value's latest version by meter and direction.</summary>
internal sealed class SlotRevisions(long boundary)
{
    /// <summary>The slot's start boundary.</summary>
    public long Boundary { get; } = boundary;

    public int Count { get; set; }

    /// <summary>Latest version by <see cref="Key"/>.</summary>
    public Dictionary<long, long> Latest { get; } = [];

    public static long Key(int ordinal, Direction direction) => ((long)ordinal << 1) | (byte)direction;
}
