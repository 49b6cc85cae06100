using Renkei.Domain.Calendar;

namespace Renkei.Domain.Tests.Calendar;

public class ClosingDaysTests
{
    [Fact]
    public void Parse_YearEnd_WrapsTheYear()
    {
        var closing = ClosingDays.Parse("12-29..01-03");

        Assert.Equal(ClosingDays.YearEnd, closing);
        Assert.True(closing.WrapsYearEnd);
        Assert.Equal("12-29..01-03", closing.ToString());
    }

    [Theory]
    [InlineData(2026, 12, 28, false)]
    [InlineData(2026, 12, 29, true)]
    [InlineData(2026, 12, 31, true)]
    [InlineData(2027, 1, 1, true)]
    [InlineData(2027, 1, 3, true)]
    [InlineData(2027, 1, 4, false)]
    [InlineData(2026, 6, 15, false)]
    public void Contains_YearEnd_IncludesBothEnds(int y, int m, int d, bool expected)
    {
        Assert.Equal(expected, ClosingDays.YearEnd.Contains(new DateOnly(y, m, d)));
    }

    [Theory]
    [InlineData(8, 12, false)]
    [InlineData(8, 13, true)]
    [InlineData(8, 16, true)]
    [InlineData(8, 17, false)]
    public void Contains_WithinYear_IncludesBothEnds(int m, int d, bool expected)
    {
        var obon = ClosingDays.Parse("08-13..08-16");

        Assert.False(obon.WrapsYearEnd);
        Assert.Equal(expected, obon.Contains(new DateOnly(2026, m, d)));
    }

    [Fact]
    public void Contains_SingleDay_IsThatDayOnly()
    {
        var day = ClosingDays.Parse("05-01..05-01");

        Assert.True(day.Contains(new DateOnly(2026, 5, 1)));
        Assert.False(day.Contains(new DateOnly(2026, 5, 2)));
        Assert.False(day.Contains(new DateOnly(2026, 4, 30)));
    }

    [Fact]
    public void Parse_LeapDay_IsAccepted()
    {
        var leap = ClosingDays.Parse("02-29..02-29");

        Assert.True(leap.Contains(new DateOnly(2028, 2, 29)));
        Assert.False(leap.Contains(new DateOnly(2027, 2, 28)));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(null, "empty")]
    [InlineData("12-29", "no '..'")]
    [InlineData("12-29-01-03", "no '..'")]
    [InlineData("12-29..", "'' is not MM-DD")]
    [InlineData("12-29..1-3", "'1-3' is not MM-DD")]
    [InlineData("12/29..01/03", "'12/29' is not MM-DD")]
    [InlineData("13-01..01-03", "month 13")]
    [InlineData("00-01..01-03", "month 0")]
    [InlineData("12-32..01-03", "day 32")]
    [InlineData("12-29..02-30", "day 30")]
    [InlineData("04-31..05-01", "day 31")]
    [InlineData("12-00..01-03", "day 0")]
    [InlineData(" 12-29..01-03", "is not MM-DD")]
    public void Parse_Malformed_IsRejectedWithReason(string? text, string reason)
    {
        var ex = Assert.Throws<DomainFormatException>(() => ClosingDays.Parse(text));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Contains("MM-DD..MM-DD", ex.Message, StringComparison.Ordinal);
        Assert.False(ClosingDays.TryParse(text, out _, out _));
    }
}
