using Renkei.Formats.Text;

namespace Renkei.Gateway.Tests.Access;

/// <summary>The access decision's date parameter: strict yyyy-MM-dd, a real calendar date, nothing else.</summary>
public sealed class AccessDecisionDateTests
{
    [Theory]
    [InlineData("2026-11-09", 2026, 11, 9)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    [InlineData("0001-01-01", 1, 1, 1)]
    [InlineData("9999-12-31", 9999, 12, 31)]
    public void Date_WellFormed_IsRead(string text, int year, int month, int day)
    {
        Assert.True(DateText.TryParse(text, out var date));
        Assert.Equal(new DateOnly(year, month, day), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-10")]
    [InlineData("2026-04-31")]
    [InlineData("0000-01-01")]
    [InlineData("2026-1-01")]
    [InlineData("2026/11/09")]
    [InlineData(" 2026-11-09")]
    [InlineData("2026-11-09 ")]
    [InlineData("20261109")]
    [InlineData("２０２６-11-09")]
    [InlineData("2026-11-0x")]
    [InlineData("+026-11-09")]
    public void Date_Malformed_IsRefused(string text)
    {
        Assert.False(DateText.TryParse(text, out _));
    }
}
