using System.Runtime.InteropServices;

namespace Renkei.Metering.Registry;

/// <summary>
/// Ordinal comparison of meter IDs with a cheap hash (FNV-1a over the UTF-16 code units), also for spans of the
/// input buffer. Written by hand because the ID lookup runs once per ingested read and the framework's
/// randomised string hash was the largest cost of decoding a batch. Only the registry inserts keys, so
/// untrusted input (the HES batches) cannot choose colliding keys; it can only look up.
/// </summary>
internal sealed class MeterIdComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
{
    public static readonly MeterIdComparer Instance = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj) => Hash(obj.AsSpan());

    public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<char> alternate) => Hash(alternate);

    public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();

    private static int Hash(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var unit in MemoryMarshal.Cast<char, ushort>(text))
        {
            hash = unchecked((hash ^ unit) * 1099511628211UL);
        }

        return unchecked((int)(hash ^ (hash >> 32)));
    }
}
