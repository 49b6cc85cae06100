using System.Buffers;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Reads;

namespace Renkei.Formats.Tests.Reads;

public sealed class BinaryReadsWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 1, 0, 30, 0, TimeSpan.FromHours(9));

    [Fact]
    public void WriteRead_OneRecord_LaysOutLengthIdBoundaryRegisterAndDirectionLittleEndian()
    {
        var output = new ArrayBufferWriter<byte>();

        BinaryReadsWriter.WriteMagic(output);
        BinaryReadsWriter.WriteRead(output, "M1", At, 0x0102030405060708, export: true);

        var boundary = BitConverter.GetBytes((uint)(At.UtcTicks / Slot.TicksPerSlot));
        byte[] expected = [.. "RKR1"u8, 2, (byte)'M', (byte)'1', .. boundary, 8, 7, 6, 5, 4, 3, 2, 1, 1];
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WrittenBatch_ReadBack_GivesTheSameReads()
    {
        var output = new ArrayBufferWriter<byte>();
        BinaryReadsWriter.WriteMagic(output);
        BinaryReadsWriter.WriteRead(output, "M2", At, 12_345, export: false);
        BinaryReadsWriter.WriteRead(output, "メーター1", At.AddMinutes(30), 7, export: true);
        var reads = new List<MeterRead>();
        var rejected = new List<RejectedRead>();

        BinaryReadsReader.Decode(output.WrittenSpan, new MeterOrdinals("M1", "M2", "メーター1"), reads, rejected);

        Assert.Empty(rejected);
        Assert.Equal(
            [new MeterRead(1, 1, At.UtcTicks, 12_345, Direction.Import), new MeterRead(2, 2, At.AddMinutes(30).UtcTicks, 7, Direction.Export)],
            reads);
    }
}
