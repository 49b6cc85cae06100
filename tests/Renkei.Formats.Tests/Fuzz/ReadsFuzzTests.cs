using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Renkei.Formats.Reads;
using Renkei.Formats.Tests.Reads;

namespace Renkei.Formats.Tests.Fuzz;

/// <summary>
/// The HES's readers on outside bytes: no exception but <see cref="ReadsFileException"/> (the whole batch refused,
/// naming why), every rejected read with its line and reason, every accepted read resolved, memory bounded.
/// </summary>
public sealed class ReadsFuzzTests
{
    private static readonly MeterOrdinals Meters = new("M1", "M2", "メーター3");

    private static readonly string[] CsvSeeds =
    [
        "meter_id,read_at,register_kwh,direction\nM1,2026-11-26T00:30:00+09:00,12345.6789,import\nM2,2026-11-26T00:30:00+09:00,120.0000,export\n",
        "read_at,meter_id,register_kwh\r\n2026-04-01T00:00:00Z,M1,0\r\n2026-04-01T00:30:00Z,メーター3,1.5\r\n",
        "\uFEFFmeter_id,read_at,register_kwh,direction\nM1,2026-04-01T00:30+09:00,1,\n",
    ];

    [Property(MaxTest = Fuzz.Cases)]
    public Property ReadsCsv_AnyBytes_ReadsOrRejectionsWithLinesOrTheFileRefused() =>
        Prop.ForAll(Fuzz.Inputs(CsvSeeds), input =>
        {
            var reads = new List<MeterRead>();
            var rejected = new List<RejectedRead>();
            var allocated = Fuzz.Allocated(() =>
            {
                try
                {
                    using var reader = new StreamReader(new MemoryStream(input.Bytes), Encoding.UTF8);
                    reads = ReadsCsvParser.Parse(reader, Meters, rejected);
                }
                catch (ReadsFileException e)
                {
                    Assert.Matches("^(line 1: |the reads file is empty)", e.Message);
                }
            });

            Assert.All(rejected, r => Assert.True(r.Line >= 2 && r.Reason.Length > 0, $"line {r.Line}: '{r.Reason}'"));
            Assert.All(reads, r => Assert.True(r.Line >= 2 && r.Ordinal is >= 0 and < 3));
            Fuzz.AssertBounded(allocated, input);
        });

    [Property(MaxTest = Fuzz.Cases)]
    public Property BinaryReads_AnyBytes_ReadsOrRejectionsWithRecordNumbersOrTheBatchRefused() =>
        Prop.ForAll(Fuzz.Inputs(BinarySeeds(), [.. Fuzz.CommonTokens.Select(Encoding.UTF8.GetBytes), "RKR1"u8.ToArray(), [0], [255], [255, 255, 255, 255]]), input =>
        {
            var reads = new List<MeterRead>();
            var rejected = new List<RejectedRead>();
            var allocated = Fuzz.Allocated(() =>
            {
                try
                {
                    BinaryReadsReader.Decode(input.Bytes, Meters, reads, rejected);
                }
                catch (ReadsFileException e)
                {
                    Assert.Contains("RKR1", e.Message, StringComparison.Ordinal);
                }
            });

            Assert.All(rejected, r => Assert.True(r.Line >= 1 && r.Reason.Length > 0, $"record {r.Line}: '{r.Reason}'"));
            Assert.All(reads, r => Assert.True(r.Ordinal is >= 0 and < 3));
            Fuzz.AssertBounded(allocated, input);
        });

    private static byte[][] BinarySeeds()
    {
        var at = new DateTimeOffset(2026, 4, 1, 0, 30, 0, TimeSpan.FromHours(9));
        var one = new System.Buffers.ArrayBufferWriter<byte>();
        BinaryReadsWriter.WriteMagic(one);
        BinaryReadsWriter.WriteRead(one, "M1", at, 123_4567, export: false);
        BinaryReadsWriter.WriteRead(one, "メーター3", at.AddMinutes(30), 5, export: true);
        BinaryReadsWriter.WriteRead(one, "unknown", at, 1, export: false);
        return [one.WrittenSpan.ToArray(), "RKR1"u8.ToArray()];
    }
}
