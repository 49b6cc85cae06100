using Renkei.Formats.Text;

namespace Renkei.Formats.Tests.Text;

public sealed class DateTextTests
{
    [Theory]
    [InlineData("2026-11-26", 2026, 11, 26)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    [InlineData("0001-01-01", 1, 1, 1)]
    public void IsoDate_Parses(string text, int year, int month, int day)
    {
        Assert.True(DateText.TryParse(text, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
        Assert.Equal(text, DateText.Format(date));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-6")]
    [InlineData("2026/11/26")]
    [InlineData("2023-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-10")]
    [InlineData("0000-01-01")]
    [InlineData(" 2026-11-26")]
    [InlineData("2026-11-26T00:00")]
    [InlineData("２０２６-11-26")]
    public void NotAnIsoDate_IsRefused(string text) => Assert.False(DateText.TryParse(text, out _));

    [Fact]
    public void MarketDate_RoundTrips()
    {
        Assert.True(DateText.TryParseMarket("20261126", out var date));
        Assert.Equal(new DateOnly(2026, 11, 26), date);
        Assert.Equal("20261126", DateText.FormatMarket(date));
        Assert.False(DateText.TryParseMarket("2026-11-2", out _));
    }

    [Fact]
    public void BadDate_ErrorNamesTheFieldAndCutsTheEcho()
    {
        var huge = new string('9', 10_000);
        Assert.False(DateText.TryParse(huge, "date", out _, out var error));
        Assert.StartsWith("date '", error, StringComparison.Ordinal);
        Assert.True(error.Length < 200, error);

        Assert.False(DateText.TryParse(null, "date", out _, out var missing));
        Assert.Equal("date is required (YYYY-MM-DD)", missing);
    }

    [Fact]
    public void QueryDate_MissingOrBad_SaysWhichParameterAndWhy()
    {
        Assert.True(DateText.TryParseQuery("2026-11-26", "date", out var date, out _));
        Assert.Equal(new DateOnly(2026, 11, 26), date);

        Assert.False(DateText.TryParseQuery(null, "date", out _, out var missing));
        Assert.Equal("the query parameter date is required (YYYY-MM-DD)", missing);
        Assert.False(DateText.TryParseQuery("2026-02-30", "date", out _, out var bad));
        Assert.Equal("date '2026-02-30' is not a date in the form YYYY-MM-DD", bad);
    }

    [Fact]
    public void Echo_ReplacesControlCharacters() => Assert.Equal("a?b", Echo.Prefix("a\0b"));
}
