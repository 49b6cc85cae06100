using Renkei.Domain.Energy;
using Renkei.Formats.Reads;

namespace Renkei.Formats.Tests.Reads;

public class ReadsCsvParserTests
{
    private static readonly long At0030Jst = new DateTimeOffset(2026, 4, 1, 0, 30, 0, TimeSpan.FromHours(9)).UtcTicks;
    private static readonly long At0100Jst = new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.FromHours(9)).UtcTicks;

    private readonly MeterOrdinals registry = new("M1", "M2");
    private readonly List<RejectedRead> rejected = [];

    private List<MeterRead> Parse(string text) => ReadsCsvParser.Parse(new StringReader(text), registry, rejected);

    [Fact]
    public void Parse_FileWithoutDirectionColumn_ReadsImport()
    {
        var reads = Parse("meter_id,read_at,register_kwh\nM1,2026-04-01T00:30:00+09:00,1234.5678\nM2,2026-04-01T01:00+09:00,0.5\n");

        Assert.Empty(rejected);
        Assert.Equal(
            [new MeterRead(2, 0, At0030Jst, 12_345_678, Direction.Import), new MeterRead(3, 1, At0100Jst, 5_000, Direction.Import)],
            reads);
    }

    [Fact]
    public void Parse_FileWithDirectionColumn_ReadsBothDirections()
    {
        var reads = Parse("meter_id,read_at,register_kwh,direction\nM2,2026-04-01T00:30:00+09:00,10,import\nM2,2026-04-01T00:30:00+09:00,3.25,export\nM2,2026-04-01T01:00:00+09:00,11,\n");

        Assert.Empty(rejected);
        Assert.Equal(
            [
                new MeterRead(2, 1, At0030Jst, 100_000, Direction.Import),
                new MeterRead(3, 1, At0030Jst, 32_500, Direction.Export),
                new MeterRead(4, 1, At0100Jst, 110_000, Direction.Import),
            ],
            reads);
    }

    [Fact]
    public void Parse_ColumnsInAnotherOrder_MapsFieldsByHeaderName()
    {
        var reads = Parse("direction,register_kwh,meter_id,read_at\nexport,7.0001,M2,2026-04-01T00:30:00+09:00\n");

        Assert.Empty(rejected);
        Assert.Equal([new MeterRead(2, 1, At0030Jst, 70_001, Direction.Export)], reads);
    }

    [Fact]
    public void Parse_HeaderWithByteOrderMark_IsAccepted()
    {
        var reads = Parse("\uFEFFmeter_id,read_at,register_kwh\r\nM1,2026-04-01T00:30:00+09:00,1\r\n");

        Assert.Empty(rejected);
        Assert.Equal([new MeterRead(2, 0, At0030Jst, 10_000, Direction.Import)], reads);
    }

    [Fact]
    public void Parse_UtcInstantWithZ_IsTakenAsUtc()
    {
        var reads = Parse("meter_id,read_at,register_kwh\nM1,2026-03-31T15:30:00Z,1\n");

        Assert.Empty(rejected);
        Assert.Equal(At0030Jst, Assert.Single(reads).UtcTicks);
    }

    [Fact]
    public void Parse_BlankLines_AreSkippedButCounted()
    {
        var reads = Parse("meter_id,read_at,register_kwh\n\nM1,2026-04-01T00:30:00+09:00,1\n\nM9,2026-04-01T00:30:00+09:00,1\n");

        Assert.Equal(3, Assert.Single(reads).Line);
        Assert.Equal(5, Assert.Single(rejected).Line);
    }

    [Fact]
    public void Parse_EmptyText_ThrowsReadsFileException()
    {
        var e = Assert.Throws<ReadsFileException>(() => Parse(string.Empty));

        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("meter_id,read_at,register_kwh,extra")]
    [InlineData("meter_id,read_at")]
    [InlineData("meter,read_at,register_kwh")]
    [InlineData("M1,2026-04-01T00:30:00+09:00,1")]
    [InlineData("meter_id,read_at,register_kwh,meter_id")]
    public void Parse_BadOrMissingHeader_ThrowsReadsFileExceptionNamingLine1(string header)
    {
        var e = Assert.Throws<ReadsFileException>(() => Parse(header + "\nM1,2026-04-01T00:30:00+09:00,1\n"));

        Assert.StartsWith("line 1:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("M9,2026-04-01T00:30:00+09:00,1,import", "unknown meter 'M9'")]
    [InlineData("M1,2026-04-01 00:30,1,import", "not an ISO 8601 date-time with offset")]
    [InlineData("M1,yesterday,1,import", "not an ISO 8601 date-time with offset")]
    [InlineData("M1,2026-04-01T00:30:00,1,import", "not an ISO 8601 date-time with offset")]
    [InlineData("M1,2026-04-01T00:31:00+09:00,1,import", "not on a 30-minute boundary")]
    [InlineData("M1,2026-04-01T00:30:00+09:00,abc,import", "register_kwh: ")]
    [InlineData("M1,2026-04-01T00:30:00+09:00,1.5e3,import", "register_kwh: ")]
    [InlineData("M1,2026-04-01T00:30:00+09:00,1.23456,import", "more than 4 decimal places")]
    [InlineData("M1,2026-04-01T00:30:00+09:00,1,sideways", "direction 'sideways' must be import or export")]
    [InlineData("M1,2026-04-01T00:30:00+09:00", "expected 4 fields, found 2")]
    [InlineData("M1,2026-04-01T00:30:00+09:00,1,import,x", "expected 4 fields, found 5")]
    [InlineData("M1,2026-04-01T00:30:00+09:00,1,import,a,b,c,d,e,f", "expected 4 fields, found 10")]
    public void Parse_BadLine_ReportedWithLineAndReasonWhileGoodLinesKept(string badLine, string reason)
    {
        var reads = Parse(
            "meter_id,read_at,register_kwh,direction\n"
            + "M1,2026-04-01T00:30:00+09:00,1,import\n"
            + badLine + "\n"
            + "M1,2026-04-01T01:00:00+09:00,2,import\n");

        var r = Assert.Single(rejected);
        Assert.Equal(3, r.Line);
        Assert.Contains(reason, r.Reason, StringComparison.Ordinal);
        Assert.Equal([2, 4], reads.Select(x => x.Line));
        Assert.Equal([10_000L, 20_000L], reads.Select(x => x.RegisterUnits));
    }
}
