using Renkei.Formats.Switching;

namespace Renkei.Formats.Tests.Switching;

public sealed class CsvTextTests
{
    [Fact]
    public void Read_QuotedFieldsWithCommaQuoteAndLineBreak_KeepsThemAndStartLine()
    {
        var records = CsvText.Read("a,b\n\"x, y\",\"say \"\"hi\"\"\nthere\"\nlast,1", out var error);

        Assert.Null(error);
        Assert.Equal(["x, y", "say \"hi\"\nthere"], records[1].Fields);
        Assert.Equal(4, records[2].Line);
        Assert.Equal(["last", "1"], records[2].Fields);
    }

    [Fact]
    public void Read_UnclosedQuote_ErrorNamesTheLine()
    {
        CsvText.Read("a\n\"open\n", out var error);

        Assert.Equal("line 2: a quoted field opens on this line and is not closed before the end of the file", error);
    }

    [Fact]
    public void ReadAll_UnclosedQuoteInsideARecord_NamesTheLineItOpensOnAndReadsOn()
    {
        // Line 2 has a fault of its own. The record on line 3: its second field's quote closes on line 4; the third
        // field's quote opens on line 4 and never closes.
        var (records, faults) = CsvText.ReadAll("a,b,c\n7,x\"y,9\n1,\"two\nlines\",\"open\n4,5,6\n10,11,12\n");

        Assert.Equal([(2, "line"), (4, "line")], faults.Select(f => (f.Line, f.Field)));
        Assert.Contains("double quote inside an unquoted field", faults[0].Message, StringComparison.Ordinal);
        Assert.Contains("not closed", faults[1].Message, StringComparison.Ordinal);
        Assert.Equal([1, 5, 6], records.Select(r => r.Line));
    }

    [Fact]
    public void Field_CommaQuoteOrLineBreak_QuotedWithQuotesDoubled()
    {
        Assert.Equal("plain", CsvText.Field("plain"));
        Assert.Equal("\"a, \"\"b\"\"\"", CsvText.Field("a, \"b\""));
        Assert.Equal(string.Empty, CsvText.Field(null));
    }
}
