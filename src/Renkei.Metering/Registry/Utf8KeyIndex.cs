using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Renkei.Metering.Registry;

/// <summary>
/// Dense numbers for keys (meter IDs, supply point IDs): the n-th key added gets n. Keys are kept as UTF-8 in
/// one byte arena and found through an open-addressing table of numbers.
/// <para>
/// Written by hand for the ingest hot path and for memory: a binary HES batch carries meter IDs as UTF-8, and
/// this looks them up as they are, without decoding to UTF-16 or allocating; per key it costs the key's bytes
/// plus 12 bytes, where a string-keyed dictionary costs about 100 (the string object and the entry).
/// </para>
/// One writer at a time (the registry's lock); lookups need no lock: a lookup works on one published state,
/// which a writer only appends to, or replaces whole when it grows. Only the registry adds keys, so untrusted
/// input (HES batches) cannot choose colliding keys; it can only look up.
/// </summary>
internal sealed class Utf8KeyIndex
{
    private State state = new(new byte[1024], new int[1025], new int[16], 0);

    /// <summary>Number of keys.</summary>
    public int Count => Volatile.Read(ref state).Count;

    /// <summary>Adds a key and returns its number; −1 (and nothing added) if the key is already there.</summary>
    public int Add(ReadOnlySpan<byte> key)
    {
        var s = state;
        if (TryFind(s, key, Hash(key), out _))
        {
            return -1;
        }

        var n = s.Count;
        var end = s.Offsets[n];
        if (end + key.Length > s.Arena.Length || n + 2 > s.Offsets.Length || (n + 1) * 2 > s.Table.Length)
        {
            s = Grown(s, key.Length);
        }

        key.CopyTo(s.Arena.AsSpan(end));
        s.Offsets[n + 1] = end + key.Length;
        var mask = s.Table.Length - 1;
        var at = Hash(key) & mask;
        while (s.Table[at] != 0)
        {
            at = (at + 1) & mask;
        }

        // The key's bytes and end offset are in place before its number is visible in the table, and the count
        // is raised only after: a concurrent lookup finds either nothing or the whole key.
        Volatile.Write(ref s.Table[at], n + 1);
        s.Count = n + 1;
        Volatile.Write(ref state, s);
        return n;
    }

    /// <summary>Adds a key given as text.</summary>
    public int Add(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
        try
        {
            return Add(bytes.AsSpan(0, Encoding.UTF8.GetBytes(key, bytes)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(ReadOnlySpan<byte> key, out int number) => TryFind(Volatile.Read(ref state), key, Hash(key), out number);

    /// <summary>
    /// Starts loading the table slot where <paramref name="key"/> would be and returns its hash, for
    /// <see cref="TryGet(ReadOnlySpan{byte}, int, out int)"/> a little later. At 30M keys the table is 256 MB
    /// and every lookup misses the caches and the TLB; a batch that announces its next keys first keeps many
    /// of those misses in flight at once instead of waiting for each in turn.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe int Prefetch(ReadOnlySpan<byte> key)
    {
        var hash = Hash(key);
        if (Sse.IsSupported)
        {
            // A hint only: if the array moves meanwhile, a stale address costs a useless load, never a fault.
            var table = Volatile.Read(ref state).Table;
            Sse.Prefetch0(Unsafe.AsPointer(ref table[hash & (table.Length - 1)]));
        }

        return hash;
    }

    /// <summary>Looks a key up whose hash <see cref="Prefetch"/> returned.</summary>
    public bool TryGet(ReadOnlySpan<byte> key, int hash, out int number) => TryFind(Volatile.Read(ref state), key, hash, out number);

    /// <summary>Looks a key given as UTF-16 text up (CSV input): encoded to UTF-8 on the stack first.</summary>
    public bool TryGet(ReadOnlySpan<char> key, out int number)
    {
        if (key.Length > 256)
        {
            number = -1;
            return false;
        }

        Span<byte> bytes = stackalloc byte[256 * 3];
        return TryGet(bytes[..Encoding.UTF8.GetBytes(key, bytes)], out number);
    }

    /// <summary>The UTF-8 bytes of key <paramref name="number"/>.</summary>
    public ReadOnlySpan<byte> Utf8Of(int number)
    {
        var s = Volatile.Read(ref state);
        if ((uint)number >= (uint)s.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "no such key");
        }

        return s.Arena.AsSpan(s.Offsets[number], s.Offsets[number + 1] - s.Offsets[number]);
    }

    /// <summary>Key <paramref name="number"/> as text (allocates; off the hot path).</summary>
    public string KeyOf(int number) => Encoding.UTF8.GetString(Utf8Of(number));

    /// <summary>Writes the index (keys, offsets and table) for <see cref="ReadFrom"/>.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var s = Volatile.Read(ref state);
        var n = s.Count;
        writer.Write(n);
        writer.Write(s.Offsets[n]);
        writer.Write(s.Table.Length);
        writer.Write(s.Arena.AsSpan(0, s.Offsets[n]));
        writer.Write(MemoryMarshal.AsBytes(s.Offsets.AsSpan(0, n + 1)));
        writer.Write(MemoryMarshal.AsBytes(s.Table.AsSpan()));
    }

    /// <summary>
    /// Gives back the room the arena and offsets kept for growth (up to half of them after doubling): for after a
    /// bulk load. Lookups running meanwhile finish on the state they started with. Same lock as <see cref="Add(ReadOnlySpan{byte})"/>.
    /// </summary>
    public void TrimExcess()
    {
        var s = state;
        var bytes = s.Offsets[s.Count];
        if (s.Arena.Length == bytes && s.Offsets.Length == s.Count + 1)
        {
            return;
        }

        var trimmed = new State(s.Arena.AsSpan(0, bytes).ToArray(), s.Offsets.AsSpan(0, s.Count + 1).ToArray(), s.Table, s.Count);
        Volatile.Write(ref state, trimmed);
    }

    /// <summary>Reads an index <see cref="WriteTo"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The data is not a well-formed index.</exception>
    public static Utf8KeyIndex ReadFrom(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var n = reader.ReadInt32();
        var bytes = reader.ReadInt32();
        var tableLength = reader.ReadInt32();
        if (n < 0 || bytes < 0 || tableLength < 16 || !BitOperations.IsPow2(tableLength) || tableLength < n * 2L)
        {
            throw new InvalidDataException("the key index header is not valid");
        }

        var arena = new byte[Math.Max(bytes, 1024)];
        reader.BaseStream.ReadExactly(arena.AsSpan(0, bytes));
        var offsets = new int[Math.Max(n + 1, 1025)];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(offsets.AsSpan(0, n + 1)));
        var table = new int[tableLength];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(table.AsSpan()));
        if (offsets[n] != bytes)
        {
            throw new InvalidDataException("the key index's offsets do not match its keys");
        }

        return new Utf8KeyIndex { state = new State(arena, offsets, table, n) };
    }

    private static bool TryFind(State s, ReadOnlySpan<byte> key, int hash, out int number)
    {
        var table = s.Table;
        var mask = table.Length - 1;
        var at = hash & mask;
        while (true)
        {
            var entry = Volatile.Read(ref table[at]);
            if (entry == 0)
            {
                number = -1;
                return false;
            }

            var candidate = entry - 1;
            var from = s.Offsets[candidate];
            if (s.Arena.AsSpan(from, s.Offsets[candidate + 1] - from).SequenceEqual(key))
            {
                number = candidate;
                return true;
            }

            at = (at + 1) & mask;
        }
    }

    /// <summary>
    /// A hash over 8 bytes at a time (multiply and fold). Keys are short (10–22 bytes), so this is two or
    /// three multiplications where FNV over each byte would be twenty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> key)
    {
        const ulong Prime = 0x9E3779B97F4A7C15UL;
        var h = (ulong)key.Length * Prime;
        var i = 0;
        for (; i + 8 <= key.Length; i += 8)
        {
            h = BitOperations.RotateLeft((h ^ MemoryMarshal.Read<ulong>(key[i..])) * Prime, 29);
        }

        ulong tail = 0;
        for (var shift = 0; i < key.Length; i++, shift += 8)
        {
            tail |= (ulong)key[i] << shift;
        }

        h = (h ^ tail) * Prime;
        return (int)(h ^ (h >> 32)) & int.MaxValue;
    }

    private static State Grown(State s, int keyLength)
    {
        var arena = s.Arena;
        var end = s.Offsets[s.Count];
        if (end + keyLength > arena.Length)
        {
            var size = (long)Math.Max(arena.Length * 2L, end + keyLength);
            if (size > Array.MaxLength)
            {
                throw new InvalidOperationException("the key index is full (2 GB of keys)");
            }

            arena = new byte[size];
            s.Arena.AsSpan(0, end).CopyTo(arena);
        }

        var offsets = s.Offsets;
        if (s.Count + 2 > offsets.Length)
        {
            offsets = new int[offsets.Length * 2];
            s.Offsets.AsSpan(0, s.Count + 1).CopyTo(offsets);
        }

        var table = s.Table;
        if ((s.Count + 1) * 2 > table.Length)
        {
            table = new int[table.Length * 2];
            var mask = table.Length - 1;
            for (var n = 0; n < s.Count; n++)
            {
                var at = Hash(arena.AsSpan(offsets[n], offsets[n + 1] - offsets[n])) & mask;
                while (table[at] != 0)
                {
                    at = (at + 1) & mask;
                }

                table[at] = n + 1;
            }
        }

        return new State(arena, offsets, table, s.Count);
    }

    private sealed class State(byte[] arena, int[] offsets, int[] table, int count)
    {
        public readonly byte[] Arena = arena;
        public readonly int[] Offsets = offsets;
        public readonly int[] Table = table;
        public int Count = count;
    }
}
