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

        Assert.Equal("line 2: a quoted field is not closed before the end of the file", error);
    }

    [Fact]
    public void Field_CommaQuoteOrLineBreak_QuotedWithQuotesDoubled()
    {
        Assert.Equal("plain", CsvText.Field("plain"));
        Assert.Equal("\"a, \"\"b\"\"\"", CsvText.Field("a, \"b\""));
        Assert.Equal(string.Empty, CsvText.Field(null));
    }
}
