using System.Buffers.Binary;
using System.Text;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Reads;

namespace Renkei.Formats.Tests.Reads;

public sealed class BinaryReadsReaderTests
{
    private static readonly long Boundary = new DateTimeOffset(2026, 4, 1, 1, 30, 0, TimeSpan.FromHours(9)).UtcTicks / Slot.TicksPerSlot;

    [Fact]
    public void Decode_GoodAndBadRecords_KeepsTheGoodOnesAndReportsEachBadOneWithItsNumber()
    {
        var registry = Registry("M1", "M2");
        var batch = Batch(("M1", Boundary, 12_345, 0), ("X9", Boundary, 1, 0), ("M2", Boundary, 7, 1), ("M2", Boundary, 7, 5));
        var reads = new List<MeterRead>();
        var rejected = new List<RejectedRead>();

        BinaryReadsReader.Decode(batch, registry, reads, rejected);

        Assert.Equal(
            [new MeterRead(1, 0, Boundary * Slot.TicksPerSlot, 12_345, Direction.Import), new MeterRead(3, 1, Boundary * Slot.TicksPerSlot, 7, Direction.Export)],
            reads);
        Assert.Equal([(2, "unknown meter 'X9'"), (4, "direction 5 must be 0 (import) or 1 (export)")], rejected.Select(r => (r.Line, r.Reason)));
    }

    [Fact]
    public void Decode_TruncatedLastRecord_IsReportedAndTheOthersKept()
    {
        var registry = Registry("M1");
        var batch = Batch(("M1", Boundary, 1, 0), ("M1", Boundary + 1, 2, 0));
        var reads = new List<MeterRead>();
        var rejected = new List<RejectedRead>();

        BinaryReadsReader.Decode(batch.AsSpan(0, batch.Length - 3), registry, reads, rejected);

        Assert.Single(reads);
        Assert.Equal((2, "record 2 is truncated"), (rejected[0].Line, rejected[0].Reason));
    }

    [Fact]
    public void Decode_BadRecordsAcrossLookupGroupsAndATruncatedTail_EachReadKeepsItsOwnRecordNumber()
    {
        // The decoder looks meters up 16 records at a time: bad records on both sides of a group's edge, and a
        // truncated record after two full groups.
        var registry = Registry("M1", "M2");
        var records = Enumerable.Range(1, 40)
            .Select(n => (n is 16 or 17 or 33 ? "X9" : n % 2 == 0 ? "M2" : "M1", Boundary + n, (long)n, n == 32 ? 7 : 0))
            .ToArray();
        var batch = Batch(records);
        var reads = new List<MeterRead>();
        var rejected = new List<RejectedRead>();

        BinaryReadsReader.Decode(batch.AsSpan(0, batch.Length - 1), registry, reads, rejected);

        var good = Enumerable.Range(1, 39).Where(n => n is not (16 or 17 or 32 or 33)).ToArray();
        Assert.Equal(
            good.Select(n => new MeterRead(n, n % 2 == 0 ? 1 : 0, (Boundary + n) * Slot.TicksPerSlot, n, Direction.Import)),
            reads);
        Assert.Equal(
            [(16, "unknown meter 'X9'"), (17, "unknown meter 'X9'"), (32, "direction 7 must be 0 (import) or 1 (export)"), (33, "unknown meter 'X9'"), (40, "record 40 is truncated")],
            rejected.Select(r => (r.Line, r.Reason)));
    }

    [Fact]
    public void Decode_WrongMagic_RejectsTheWholeBatch()
    {
        var batch = Batch(("M1", Boundary, 1, 0));
        batch[0] = (byte)'X';

        Assert.Throws<ReadsFileException>(() => BinaryReadsReader.Decode(batch, Registry("M1"), [], []));
    }

    [Fact]
    public void DecodeParallel_LargeBatch_GivesTheSameReadsInTheSameOrderAsDecode()
    {
        var ids = Enumerable.Range(0, 3_000).Select(i => $"M{i}").ToArray();
        var registry = Registry(ids);
        var records = Enumerable.Range(0, 9_000)
            .Select(i => (i % 97 == 0 ? "UNKNOWN" : ids[i % ids.Length], Boundary + (i / ids.Length), (long)i, i % 2))
            .ToArray();
        var batch = Batch(records);
        Assert.True(batch.Length > 1 << 16, "the batch must be large enough to be split");
        List<MeterRead> sequential = [], parallel = [];
        List<RejectedRead> rejectedSequential = [], rejectedParallel = [];

        BinaryReadsReader.Decode(batch, registry, sequential, rejectedSequential);
        BinaryReadsReader.DecodeParallel(batch, registry, parallel, rejectedParallel, parts: 3);

        Assert.Equal(sequential, parallel);
        Assert.Equal(rejectedSequential.Select(r => r.Line), rejectedParallel.Select(r => r.Line));
        Assert.Equal(9_000 - rejectedSequential.Count, parallel.Count);
        Assert.NotEmpty(rejectedParallel);
    }

    private static MeterOrdinals Registry(params string[] ids) => new(ids);

    private static byte[] Batch(params (string Id, long Boundary, long Register, int Direction)[] records)
    {
        using var stream = new MemoryStream();
        stream.Write("RKR1"u8);
        Span<byte> fixedPart = stackalloc byte[13];
        foreach (var (id, boundary, register, direction) in records)
        {
            var bytes = Encoding.UTF8.GetBytes(id);
            stream.WriteByte((byte)bytes.Length);
            stream.Write(bytes);
            BinaryPrimitives.WriteUInt32LittleEndian(fixedPart, (uint)boundary);
            BinaryPrimitives.WriteInt64LittleEndian(fixedPart[4..], register);
            fixedPart[12] = (byte)direction;
            stream.Write(fixedPart);
        }

        return stream.ToArray();
    }
}
