using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Renkei.Metering.Engine.Window;

/// <summary>
/// The register ring of one direction (import or export) of one partition: for each ring row and meter, the
/// register read at that row's boundary, in 0.0001 kWh, or <see cref="Absent"/>.
/// <para>
/// Hand-written for memory, the engine's largest cost. Each meter's registers are a chain in time order, from
/// the ring's oldest row (<see cref="Oldest"/>) to its newest: the first register present is the meter's base
/// (a <c>long</c>; its cell holds 0), and every later one is kept as a 16-bit difference from the register
/// present before it, which is one or a few slots of consumption (up to 3.27 kWh of register advance; the
/// multiplier applies afterwards). A difference that fits no 16 bits (a roll-over from 10^digits to 0, a
/// register far off its neighbour, a large consumer) is marked and kept whole in a small overflow table, and the
/// chain goes on from it: exact in every case. Per meter and row that is 2 bytes where a <c>long</c> takes 8:
/// at 30 million meters and a 49-row ring, 106 bytes per meter instead of 400.
/// </para>
/// <para>
/// A meter's cells are contiguous (meter-major), so reading a register sums at most one ring of 16-bit cells
/// in one or two cache lines, with SIMD. The engine keeps the chain in time order: it retires (carries, then
/// clears) the oldest rows before a row moves on to a newer boundary, and sets <see cref="Oldest"/>.
/// </para>
/// Not thread-safe: the partition's lock guards it.
/// </summary>
internal sealed class RegisterLane
{
    /// <summary>Marks a boundary without a read.</summary>
    public const long Absent = long.MinValue;

    private const short AbsentCell = short.MinValue;
    private const short OverflowedCell = short.MinValue + 1;
    private const int MinDelta = short.MinValue + 2;
    private const int MaxDelta = short.MaxValue;

    private readonly int rows;
    private readonly Dictionary<long, long> overflow = [];
    private short[] cells;
    private long[] bases;
    private int oldest;

    public RegisterLane(int rows, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        this.rows = rows;
        Count = count;
        Capacity = Math.Max(count, 1);
        cells = new short[rows * (long)Capacity];
        cells.AsSpan().Fill(AbsentCell);
        bases = new long[Capacity];
    }

    /// <summary>Meters in the lane.</summary>
    public int Count { get; private set; }

    /// <summary>Meters the arrays have room for (≥ <see cref="Count"/>; the last partition grows).</summary>
    public int Capacity { get; private set; }

    /// <summary>Registers kept whole because their difference fits no 16 bits (normally few).</summary>
    public int OverflowCount => overflow.Count;

    /// <summary>
    /// The row of the oldest boundary in the ring: registers chain in row order from here, round the ring. The
    /// engine sets it when the ring moves on, after retiring the rows that leave it; rows before it in the
    /// round (newer) must be empty or newer than every row after it.
    /// </summary>
    public int Oldest
    {
        get => oldest;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, rows);
            oldest = value;
        }
    }

    public long this[int row, int index]
    {
        get
        {
            var m = Cells(index);
            var c = m[row];
            return c switch
            {
                AbsentCell => Absent,
                OverflowedCell => overflow[Key(row, index)],
                _ => Before(m, index, row) + c,
            };
        }

        set
        {
            var m = Cells(index);

            // The register present before this row (or none), the one at it, and the next one present after it.
            var hasPrevious = TryPrevious(m, index, row, out var previous);
            var at = m[row];
            var old = at switch
            {
                AbsentCell => Absent,
                OverflowedCell => overflow[Key(row, index)],
                _ => previous + at,
            };
            var next = -1;
            long nextValue = 0;
            var reference = old == Absent ? previous : old;
            for (var r = Step(row); r != oldest; r = Step(r))
            {
                var c = m[r];
                if (c != AbsentCell)
                {
                    next = r;
                    nextValue = c == OverflowedCell ? overflow[Key(r, index)] : reference + c;
                    break;
                }
            }

            if (value == Absent)
            {
                Clear(m, row, index);
                if (next >= 0)
                {
                    Link(m, next, index, nextValue, hasPrevious, previous);
                }

                return;
            }

            Link(m, row, index, value, hasPrevious, previous);
            if (next >= 0)
            {
                Encode(m, next, index, nextValue, value);
            }
        }
    }

    /// <summary>Whether a register is present at <paramref name="row"/> (no sum along the chain).</summary>
    public bool IsPresent(int row, int index) => cells[(index * (long)rows) + row] != AbsentCell;

    /// <summary>Empties a row for a new boundary (its registers leave the chain; the next ones stay exact).</summary>
    public void ClearRow(int row)
    {
        for (var i = 0; i < Count; i++)
        {
            if (cells[(i * (long)rows) + row] != AbsentCell)
            {
                this[row, i] = Absent;
            }
        }
    }

    /// <summary>Copies the registers present in <paramref name="row"/> into the carry arrays (the row is leaving the window).</summary>
    public void CarryRow(int row, long[] carry, long[] carryBoundary, long boundary)
    {
        for (var i = 0; i < Count; i++)
        {
            if (cells[(i * (long)rows) + row] != AbsentCell)
            {
                carry[i] = this[row, i];
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
            var grown = new short[rows * (long)capacity];
            Array.Copy(cells, grown, rows * (long)Count);
            grown.AsSpan((int)(rows * (long)Count)).Fill(AbsentCell);
            cells = grown;
            Array.Resize(ref bases, capacity);
            Capacity = capacity;
        }

        Count = Math.Max(Count, count);
    }

    /// <summary>Bytes <see cref="WriteTo"/> writes.</summary>
    public long SerializedLength => 4 + (2L * rows * Count) + (8L * Count) + 4 + (16L * overflow.Count);

    /// <summary>Writes the lane: the oldest row, every meter's cells, the bases, then the overflow table.</summary>
    public void WriteTo(Stream stream)
    {
        Span<byte> entry = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(entry, oldest);
        stream.Write(entry[..4]);
        stream.Write(MemoryMarshal.AsBytes(cells.AsSpan(0, (int)(rows * (long)Count))));
        stream.Write(MemoryMarshal.AsBytes(bases.AsSpan(0, Count)));
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
        Span<byte> entry = stackalloc byte[16];
        stream.ReadExactly(entry[..4]);
        var first = BinaryPrimitives.ReadInt32LittleEndian(entry);
        if ((uint)first >= (uint)rows)
        {
            throw new InvalidDataException($"the lane's oldest row {first} is outside its {rows} rows");
        }

        oldest = first;
        stream.ReadExactly(MemoryMarshal.AsBytes(cells.AsSpan(0, (int)(rows * (long)Count))));
        stream.ReadExactly(MemoryMarshal.AsBytes(bases.AsSpan(0, Count)));
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
    private Span<short> Cells(int index) => cells.AsSpan((int)(index * (long)rows), rows);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Step(int row) => row + 1 == rows ? 0 : row + 1;

    private static long Key(int row, int index) => ((long)row << 32) | (uint)index;

    /// <summary>The register present before <paramref name="row"/> in the chain, or the base if none is.</summary>
    private long Before(Span<short> m, int index, int row)
    {
        TryPrevious(m, index, row, out var previous);
        return previous;
    }

    /// <summary>
    /// The register present before <paramref name="row"/> in the chain; false (and the base) when none is. The
    /// usual case, no overflowed cell on the way, sums the 16-bit differences with SIMD.
    /// </summary>
    private bool TryPrevious(Span<short> m, int index, int row, out long previous)
    {
        var b = bases[index];
        var first = row >= oldest ? m[oldest..row] : m[oldest..];
        var second = row >= oldest ? [] : m[..row];
        if (TrySum(first, out var s1, out var n1) && TrySum(second, out var s2, out var n2))
        {
            previous = b + s1 + s2;
            return n1 + n2 > 0;
        }

        // An overflowed register on the way restarts the sum from its whole value.
        var any = false;
        var acc = b;
        for (var r = oldest; r != row; r = Step(r))
        {
            var c = m[r];
            if (c == AbsentCell)
            {
                continue;
            }

            acc = c == OverflowedCell ? overflow[Key(r, index)] : acc + c;
            any = true;
        }

        previous = acc;
        return any;
    }

    /// <summary>Sum and number of the present cells; false if an overflowed one is among them.</summary>
    private static bool TrySum(ReadOnlySpan<short> span, out long sum, out int present)
    {
        sum = 0;
        present = 0;
        var i = 0;
        if (Vector128.IsHardwareAccelerated && span.Length >= Vector128<short>.Count)
        {
            var absent = Vector128.Create(AbsentCell);
            var overflowed = Vector128.Create(OverflowedCell);
            var total = Vector128<int>.Zero;
            var count = Vector128<short>.Zero;
            ref var start = ref MemoryMarshal.GetReference(span);
            for (; i <= span.Length - Vector128<short>.Count; i += Vector128<short>.Count)
            {
                var v = Vector128.LoadUnsafe(ref start, (nuint)i);
                if (Vector128.EqualsAny(v, overflowed))
                {
                    return false;
                }

                var isAbsent = Vector128.Equals(v, absent);
                v = Vector128.AndNot(v, isAbsent);
                count += Vector128.OnesComplement(isAbsent) & Vector128<short>.One;
                var (lo, hi) = Vector128.Widen(v);
                total += lo + hi;
            }

            sum = Vector128.Sum(total);
            present = Vector128.Sum(count);
        }

        for (; i < span.Length; i++)
        {
            var c = span[i];
            if (c == OverflowedCell)
            {
                return false;
            }

            if (c != AbsentCell)
            {
                sum += c;
                present++;
            }
        }

        return true;
    }

    /// <summary>Puts <paramref name="value"/> at <paramref name="row"/>: as the meter's base when no register is before it, else as a difference.</summary>
    private void Link(Span<short> m, int row, int index, long value, bool hasPrevious, long previous)
    {
        if (hasPrevious)
        {
            Encode(m, row, index, value, previous);
            return;
        }

        Clear(m, row, index);
        bases[index] = value;
        m[row] = 0;
    }

    private void Encode(Span<short> m, int row, int index, long value, long previous)
    {
        var d = value - previous;
        if (d is >= MinDelta and <= MaxDelta)
        {
            Clear(m, row, index);
            m[row] = (short)d;
        }
        else
        {
            m[row] = OverflowedCell;
            overflow[Key(row, index)] = value;
        }
    }

    private void Clear(Span<short> m, int row, int index)
    {
        if (m[row] == OverflowedCell)
        {
            overflow.Remove(Key(row, index));
        }

        m[row] = AbsentCell;
    }
}
