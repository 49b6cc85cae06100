using Renkei.Formats.Switching;

namespace Renkei.Formats.Tests.Switching;

public sealed class SwitchInsFileTests
{
    [Fact]
    public void Parse_WellFormed_RowsWithLineNumbers()
    {
        var (rows, errors) = SwitchInsFile.Parse("supply_point_id,switch_date\r\n0300000000000000000001,2026-12-15\r\n\r\n0300000000000000000002,\r\n");

        Assert.Empty(errors);
        Assert.Equal([2, 4], rows.Select(r => r.Line).ToArray());
        Assert.Equal(new DateOnly(2026, 12, 15), rows[0].SwitchDate);
        Assert.Null(rows[1].SwitchDate);
    }

    [Fact]
    public void Parse_SeveralBadLines_EveryErrorWithItsLineAndNoRows()
    {
        var (rows, errors) = SwitchInsFile.Parse("supply_point_id,switch_date\n123,2026-12-15\n0300000000000000000002,15/12/2026\n0300000000000000000003\n");

        Assert.Empty(rows);
        Assert.Equal([(2, "supply_point_id"), (3, "switch_date"), (4, "line")], errors.Select(e => (e.Line, e.Field)).ToArray());
        Assert.Equal("'15/12/2026' is not a date YYYY-MM-DD", errors[1].Message);
        Assert.Equal("1 fields; the header has 2", errors[2].Message);
    }

    [Fact]
    public void Parse_UnknownColumn_RejectedAtHeader()
    {
        var (_, errors) = SwitchInsFile.Parse("supply_point,switch_date\n0300000000000000000001,\n");

        Assert.Equal([(1, "supply_point"), (1, "supply_point_id")], errors.Select(e => (e.Line, e.Field)).ToArray());
    }

    [Fact]
    public void Parse_UnclosedQuote_NamesItsLineAndListsTheOtherFaults()
    {
        var (rows, errors) = SwitchInsFile.Parse("supply_point_id,switch_date\n0300000000000000000001,2026-12-15\n\"0300000000000000000002,2026-12-15\n12,2026-12-15\n0300000000000000000004,someday\n");

        Assert.Empty(rows);
        Assert.Equal([(3, "line"), (4, "supply_point_id"), (5, "switch_date")], errors.Select(e => (e.Line, e.Field)));
    }

    [Fact]
    public void Parse_SamePointTwice_BothRowsReported()
    {
        var (rows, errors) = SwitchInsFile.Parse("supply_point_id,switch_date\n0300000000000000000001,2026-12-15\n0300000000000000000002,2026-12-15\n0300000000000000000001,2026-12-16\n");

        Assert.Empty(rows);
        Assert.Equal([(2, "supply_point_id"), (4, "supply_point_id")], errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("line 4", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("line 2", errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("\u001b")]
    [InlineData("\u007f")]
    [InlineData("\u009b")]
    [InlineData("\t")]
    public void Parse_ControlCharacterInAField_RefusedNamingTheColumn(string control)
    {
        var (rows, errors) = SwitchInsFile.Parse($"supply_point_id,switch_date,relay_number\n0300000000000000000001,2026-12-15,C0000{control}00001\n");

        Assert.Empty(rows);
        var error = Assert.Single(errors);
        Assert.Equal((2, "relay_number"), (error.Line, error.Field));
        Assert.Contains("control character", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TenMegabyteField_ErrorQuotesAShortPrefix()
    {
        var (_, errors) = SwitchInsFile.Parse($"supply_point_id,switch_date\n0300000000000000000001,{new string('x', 10 * 1024 * 1024)}\n");

        var error = Assert.Single(errors);
        Assert.True(error.ToString().Length < 200, $"the error has {error.ToString().Length} characters");
    }

    [Fact]
    public void Result_AcceptedRows_OneLineEachWithIsoDatesAndEmptyForNone()
    {
        var csv = SwitchInsFile.Result([
            new SwitchInResult(2, "A000000000001", "0300000000000000000001", "01", new DateOnly(2026, 12, 15), new DateOnly(2026, 12, 10)),
            new SwitchInResult(4, "A000000000002", "0300000000000000000002", "01", null, null),
        ]);

        Assert.Equal(
            "line,application_number,supply_point_id,status,switch_date,deadline\n2,A000000000001,0300000000000000000001,01,2026-12-15,2026-12-10\n4,A000000000002,0300000000000000000002,01,,\n",
            csv);
    }
}
