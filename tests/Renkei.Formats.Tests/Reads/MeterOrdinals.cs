using System.Text;
using Renkei.Formats.Reads;

namespace Renkei.Formats.Tests.Reads;

/// <summary>A registry stand-in for the reads readers: the meters given, with ordinals 0, 1, 2, ... in that order.</summary>
internal sealed class MeterOrdinals : IMeterOrdinals
{
    private readonly Dictionary<string, int> ordinals = new(StringComparer.Ordinal);

    public MeterOrdinals(params string[] meterIds)
    {
        foreach (var id in meterIds)
        {
            ordinals.Add(id, ordinals.Count);
        }
    }

    public bool TryGetOrdinal(ReadOnlySpan<char> meterId, out int ordinal) =>
        ordinals.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(meterId, out ordinal);

    public int PrefetchOrdinal(ReadOnlySpan<byte> meterIdUtf8) => meterIdUtf8.Length;

    public bool TryGetOrdinal(ReadOnlySpan<byte> meterIdUtf8, int hash, out int ordinal) =>
        ordinals.TryGetValue(Encoding.UTF8.GetString(meterIdUtf8), out ordinal);
}
