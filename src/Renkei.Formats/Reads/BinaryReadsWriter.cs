using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;

namespace Renkei.Formats.Reads;

/// <summary>Writes the <see cref="BinaryReads"/> batch format: the magic once, then one record per read.</summary>
public static class BinaryReadsWriter
{
    public static void WriteMagic(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        BinaryReads.Magic.CopyTo(output.GetSpan(BinaryReads.Magic.Length));
        output.Advance(BinaryReads.Magic.Length);
    }

    /// <summary>Writes one read stamped <paramref name="at"/> (a 30-minute boundary) with its register in 0.0001 kWh.</summary>
    public static void WriteRead(IBufferWriter<byte> output, string meterId, DateTimeOffset at, long registerUnits, bool export)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(meterId);
        var span = output.GetSpan(BinaryReads.MaxRecordBytes);
        var n = Encoding.UTF8.GetBytes(meterId, span[1..]);
        span[0] = (byte)n;
        BinaryPrimitives.WriteUInt32LittleEndian(span[(1 + n)..], (uint)(at.UtcTicks / Slot.TicksPerSlot));
        BinaryPrimitives.WriteInt64LittleEndian(span[(5 + n)..], registerUnits);
        span[13 + n] = export ? (byte)1 : (byte)0;
        output.Advance(1 + n + BinaryReads.FixedBytes);
    }

    /// <summary>
    /// Writes one read from its parts as the engine holds them: the meter ID already in UTF-8 (at most 255 bytes) and
    /// the instant in UTC ticks (a 30-minute boundary). No string per read: the replicated read log writes batches
    /// of millions of reads this way.
    /// </summary>
    public static void WriteRead(IBufferWriter<byte> output, ReadOnlySpan<byte> meterIdUtf8, long utcTicks, long registerUnits, Direction direction)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(meterIdUtf8.Length, byte.MaxValue);
        var n = meterIdUtf8.Length;
        var span = output.GetSpan(1 + n + BinaryReads.FixedBytes);
        span[0] = (byte)n;
        meterIdUtf8.CopyTo(span[1..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(1 + n)..], (uint)(utcTicks / Slot.TicksPerSlot));
        BinaryPrimitives.WriteInt64LittleEndian(span[(5 + n)..], registerUnits);
        span[13 + n] = (byte)direction;
        output.Advance(1 + n + BinaryReads.FixedBytes);
    }
}
