using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Renkei.Metering.Engine;

/// <summary>
/// The register ring of one direction (import or export) of one partition: for each ring row and meter, the
/// register read at that row's boundary, in 0.0001 kWh, or <see cref="IntervalEngine.Absent"/>.
/// <para>
/// Hand-written for memory, the engine's largest cost: a register is kept as a 32-bit offset from a base per
/// meter (half of what a 64-bit register takes; at 30 million meters and a 49-row ring that is 5.9 GB less).
/// The base is the meter's first register; two days of one meter's consumption fit an offset by far
/// (±214,748 kWh of register advance). When a register does not fit (a roll-over from 10^digits to 0, a
/// register far off its neighbours), the meter is re-based on that register, and any of its registers that
/// still do not fit are kept whole in a small overflow table: exact in every case, compact in the usual one.
/// </para>
/// Not thread-safe: the partition's lock guards it.
/// </summary>
internal sealed class RegisterLane
{
    private const int AbsentOffset = int.MinValue;
    private const int Overflowed = int.MinValue + 1;
    private const long NoBase = long.MinValue;

    private readonly int rows;
    private readonly Dictionary<long, long> overflow = [];
    private int[] offsets;
    private long[] bases;

    public RegisterLane(int rows, int count)
    {
        this.rows = rows;
        Count = count;
        Capacity = Math.Max(count, 1);
        offsets = new int[rows * (long)Capacity];
        offsets.AsSpan().Fill(AbsentOffset);
        bases = new long[Capacity];
        bases.AsSpan().Fill(NoBase);
    }

    /// <summary>Meters in the lane.</summary>
    public int Count { get; private set; }

    /// <summary>Row stride (≥ <see cref="Count"/>; the last partition grows).</summary>
    public int Capacity { get; private set; }

    /// <summary>Registers kept whole because they fit no offset (normally none or a handful).</summary>
    public int OverflowCount => overflow.Count;

    public long this[int row, int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var offset = offsets[(row * (long)Capacity) + index];
            return offset switch
            {
                AbsentOffset => IntervalEngine.Absent,
                Overflowed => overflow[Key(row, index)],
                _ => bases[index] + offset,
            };
        }

        set
        {
            var at = (row * (long)Capacity) + index;
            if (offsets[at] == Overflowed)
            {
                overflow.Remove(Key(row, index));
            }

            offsets[at] = AbsentOffset;
            if (value == IntervalEngine.Absent)
            {
                return;
            }

            var b = bases[index];
            if (b == NoBase)
            {
                bases[index] = b = value;
            }

            if (!TryOffset(value, b, out var offset))
            {
                Rebase(index, value);
                b = value;
                offset = 0;
            }

            offsets[at] = offset;
        }
    }

    /// <summary>Empties a row for a new boundary.</summary>
    public void ClearRow(int row)
    {
        offsets.AsSpan((int)(row * (long)Capacity), Count).Fill(AbsentOffset);
        if (overflow.Count > 0)
        {
            foreach (var key in overflow.Keys.Where(k => (int)(k >> 32) == row).ToList())
            {
                overflow.Remove(key);
            }
        }
    }

    /// <summary>Copies the registers present in <paramref name="row"/> into the carry arrays (the row is leaving the window).</summary>
    public void CarryRow(int row, long[] carry, long[] carryBoundary, long boundary)
    {
        var line = offsets.AsSpan((int)(row * (long)Capacity), Count);
        for (var i = 0; i < line.Length; i++)
        {
            var offset = line[i];
            if (offset != AbsentOffset)
            {
                carry[i] = offset == Overflowed ? overflow[Key(row, i)] : bases[i] + offset;
                carryBoundary[i] = boundary;
            }
        }
    }

    /// <summary>Grows the lane to <paramref name="count"/> meters, keeping every register.</summary>
    public void Grow(int count)
    {
        if (count > Capacity)
        {
            var capacity = Math.Max(count, Capacity * 2);
            var grown = new int[rows * (long)capacity];
            grown.AsSpan().Fill(AbsentOffset);
            for (var r = 0; r < rows; r++)
            {
                Array.Copy(offsets, r * (long)Capacity, grown, r * (long)capacity, Count);
            }

            offsets = grown;
            var grownBases = new long[capacity];
            grownBases.AsSpan().Fill(NoBase);
            Array.Copy(bases, grownBases, Count);
            bases = grownBases;
            Capacity = capacity;
        }

        Count = Math.Max(Count, count);
    }

    /// <summary>Bytes <see cref="WriteTo"/> writes.</summary>
    public long SerializedLength => (4L * rows * Count) + (8L * Count) + 4 + (16L * overflow.Count);

    /// <summary>Writes the lane: each row's offsets, the bases, then the overflow table.</summary>
    public void WriteTo(Stream stream)
    {
        for (var r = 0; r < rows; r++)
        {
            stream.Write(MemoryMarshal.AsBytes(offsets.AsSpan((int)(r * (long)Capacity), Count)));
        }

        stream.Write(MemoryMarshal.AsBytes(bases.AsSpan(0, Count)));
        Span<byte> entry = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(entry, overflow.Count);
        stream.Write(entry[..4]);
        foreach (var (key, value) in overflow)
        {
            BinaryPrimitives.WriteInt64LittleEndian(entry, key);
            BinaryPrimitives.WriteInt64LittleEndian(entry[8..], value);
            stream.Write(entry);
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote for a lane of the same shape.</summary>
    public void ReadFrom(Stream stream)
    {
        for (var r = 0; r < rows; r++)
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(offsets.AsSpan((int)(r * (long)Capacity), Count)));
        }

        stream.ReadExactly(MemoryMarshal.AsBytes(bases.AsSpan(0, Count)));
        Span<byte> entry = stackalloc byte[16];
        stream.ReadExactly(entry[..4]);
        var n = BinaryPrimitives.ReadInt32LittleEndian(entry);
        overflow.Clear();
        for (var i = 0; i < n; i++)
        {
            stream.ReadExactly(entry);
            overflow[BinaryPrimitives.ReadInt64LittleEndian(entry)] = BinaryPrimitives.ReadInt64LittleEndian(entry[8..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryOffset(long value, long b, out int offset)
    {
        var d = value - b;
        offset = (int)d;

        // The two lowest int values are the markers; a register off its base by more is not an offset.
        return d == offset && offset > Overflowed;
    }

    private static long Key(int row, int index) => ((long)row << 32) | (uint)index;

    /// <summary>Re-bases meter <paramref name="index"/> on <paramref name="value"/>; registers that still do not fit go to the overflow table.</summary>
    private void Rebase(int index, long value)
    {
        var old = bases[index];
        bases[index] = value;
        for (var r = 0; r < rows; r++)
        {
            var at = (r * (long)Capacity) + index;
            var offset = offsets[at];
            if (offset is AbsentOffset)
            {
                continue;
            }

            var full = offset == Overflowed ? overflow[Key(r, index)] : old + offset;
            if (TryOffset(full, value, out var moved))
            {
                offsets[at] = moved;
                overflow.Remove(Key(r, index));
            }
            else
            {
                offsets[at] = Overflowed;
                overflow[Key(r, index)] = full;
            }
        }
    }
}
