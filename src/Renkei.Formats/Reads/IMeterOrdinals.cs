namespace Renkei.Formats.Reads;

/// <summary>
/// Resolves a meter ID, as a reads file spells it, to the meter's ordinal in the registry: the one thing the reads
/// readers need to know about the registry, so that they turn a file into <see cref="MeterRead"/>s without a string
/// per read.
/// </summary>
public interface IMeterOrdinals
{
    bool TryGetOrdinal(ReadOnlySpan<char> meterId, out int ordinal);

    /// <summary>
    /// Hashes a UTF-8 meter ID and announces its place in the index to the CPU (a prefetch), so that the lookups of a
    /// group of reads overlap their cache misses; the hash goes to <see cref="TryGetOrdinal(ReadOnlySpan{byte}, int, out int)"/>.
    /// </summary>
    int PrefetchOrdinal(ReadOnlySpan<byte> meterIdUtf8);

    bool TryGetOrdinal(ReadOnlySpan<byte> meterIdUtf8, int hash, out int ordinal);
}
