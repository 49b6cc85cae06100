using Renkei.Switching.Bulk;

namespace Renkei.Switching.Tests.Bulk;

public sealed class SwitchInsFileTests
{
    [Fact]
    public void Parse_WellFormed_RowsWithLineNumbers()
    {
        var (rows, errors) = SwitchInsFile.Parse("supply_point_id,switch_date\r\n0300000000000000000001,2026-12-15\r\n\r\n0300000000000000000002,\r\n");

        Assert.Empty(errors);
        Assert.Equal([2, 4], rows.Select(r => r.Line).ToArray());
        Assert.Equal(new DateOnly(2026, 12, 15), rows[0].Request.SwitchDate);
        Assert.Null(rows[1].Request.SwitchDate);
    }

    [Fact]
    public void Parse_SeveralBadLines_EveryErrorWithItsLineAndNoRows()
    {
        var (rows, errors) = SwitchInsFile.Parse("supply_point_id,switch_date\n123,2026-12-15\n0300000000000000000002,15/12/2026\n0300000000000000000003\n");

        Assert.Empty(rows);
        Assert.Equal([(2, "supply_point_id"), (3, "switch_date"), (4, "line")], errors.Select(e => (e.Line, e.Field)).ToArray());
        Assert.All(errors, e => Assert.Equal(SwitchInsFile.MalformedCode, e.Code));
    }

    [Fact]
    public void Parse_UnknownColumn_RejectedAtHeader()
    {
        var (_, errors) = SwitchInsFile.Parse("supply_point,switch_date\n0300000000000000000001,\n");

        Assert.Equal([(1, "supply_point"), (1, "supply_point_id")], errors.Select(e => (e.Line, e.Field)).ToArray());
    }

    [Fact]
    public void CsvRead_QuotedFieldsWithCommaQuoteAndLineBreak_KeepsThemAndStartLine()
    {
        var records = CsvText.Read("a,b\n\"x, y\",\"say \"\"hi\"\"\nthere\"\nlast,1", out var error);

        Assert.Null(error);
        Assert.Equal(["x, y", "say \"hi\"\nthere"], records[1].Fields);
        Assert.Equal(4, records[2].Line);
        Assert.Equal(["last", "1"], records[2].Fields);
    }

    [Fact]
    public void CsvRead_UnclosedQuote_ErrorNamesTheLine()
    {
        CsvText.Read("a\n\"open\n", out var error);

        Assert.Equal("line 2: a quoted field is not closed before the end of the file", error);
    }
}
