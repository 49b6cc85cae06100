using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Renkei.Domain.Time;

namespace Renkei.Simulator.Fleet;

/// <summary>
/// Writes the binary batch format of meter reads (<c>application/vnd.renkei.reads.v1</c>, docs/formats.md):
/// <c>RKR1</c>, then per read <c>u8 ID length · ID · u32 boundary · i64 register units · u8 direction</c>.
/// </summary>
public static class BinaryReadsWriter
{
    public static void WriteMagic(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        "RKR1"u8.CopyTo(output.GetSpan(4));
        output.Advance(4);
    }

    public static void WriteRead(IBufferWriter<byte> output, string meterId, DateTimeOffset at, long registerUnits, bool export)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(meterId);
        var span = output.GetSpan(1 + 255 + 13);
        var n = Encoding.UTF8.GetBytes(meterId, span[1..]);
        span[0] = (byte)n;
        BinaryPrimitives.WriteUInt32LittleEndian(span[(1 + n)..], (uint)(at.UtcTicks / Slot.TicksPerSlot));
        BinaryPrimitives.WriteInt64LittleEndian(span[(5 + n)..], registerUnits);
        span[13 + n] = export ? (byte)1 : (byte)0;
        output.Advance(14 + n);
    }
}
