namespace Renkei.Metering.History;

/// <summary>
/// Where slots go when they leave the in-memory window: per slot and partition, every meter's value (register
/// units before the multiplier) and quality, import and export, and the slot's publication. Queries for days
/// beyond the window read from here.
/// </summary>
public interface IHistoryStore : IDisposable
{
    /// <summary>Stores one partition's values of one slot (replacing any earlier copy). Arrays are indexed by ordinal − <paramref name="from"/>.</summary>
    void WriteSlot(long slotStart, int from, ReadOnlySpan<int> importUnits, ReadOnlySpan<byte> importQuality, ReadOnlySpan<int> exportUnits, ReadOnlySpan<byte> exportQuality, long version, DateTimeOffset? publishedAt);

    /// <summary>Reads one meter's value of one slot; false when the slot is not stored.</summary>
    bool TryRead(long slotStart, int ordinal, bool exportLane, out int units, out byte quality, out long version);
}
