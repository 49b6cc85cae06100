using System.Text;
using Renkei.Domain.Calendar;
using Renkei.Formats.Switching;

namespace Renkei.Formats.Tests.Switching;

public sealed class CalendarFileTests
{
    private static CalendarFileResult Parse(string text) => CalendarFile.Parse(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Parse_HolidaysAndClosingDays_CalendarCoversTheYearsAndCountsThem()
    {
        var result = Parse("""
            date,name
            # a TSO's own calendar
            2026-11-23,勤労感謝の日
            12-29..01-03,年末年始
            08-13..08-15,夏季休業
            2027-01-11,成人の日
            """);

        Assert.Empty(result.Errors);
        var calendar = result.Calendar!;
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31)), (calendar.FirstCoveredDate, calendar.LastCoveredDate));
        Assert.False(calendar.IsBusinessDay(new DateOnly(2026, 11, 23)));
        Assert.False(calendar.IsBusinessDay(new DateOnly(2026, 12, 29)));
        Assert.False(calendar.IsBusinessDay(new DateOnly(2027, 8, 13)));
        Assert.True(calendar.IsBusinessDay(new DateOnly(2027, 8, 16)));
        Assert.True(calendar.IsHoliday(new DateOnly(2027, 1, 11), out var name) && name == "成人の日");
    }

    [Fact]
    public void Parse_ShippedJapaneseHolidaysWithYearEnd_SameBusinessDaysAsTheDefault()
    {
        using var stream = typeof(BusinessCalendar).Assembly.GetManifestResourceStream(BusinessCalendar.JapanHolidaysResource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var file = reader.ReadToEnd().TrimEnd() + "\n12-29..01-03,年末年始\n";

        var calendar = Parse(file).Calendar!;

        var japan = BusinessCalendar.JapanDefault;
        Assert.Equal((japan.FirstCoveredDate, japan.LastCoveredDate), (calendar.FirstCoveredDate, calendar.LastCoveredDate));
        for (var day = japan.FirstCoveredDate; day <= japan.LastCoveredDate; day = day.AddDays(1))
        {
            Assert.Equal(japan.IsBusinessDay(day), calendar.IsBusinessDay(day));
        }
    }

    [Fact]
    public void Parse_Faults_EveryFaultListedWithLineAndNoCalendar()
    {
        var result = Parse("""
            date,name
            2026-01-01,元日
            2026-02-30,bad day
            12-29..13-03,bad range
            2026-01-01,again
            2026-05-03
            2028-01-01,
            """);

        Assert.Null(result.Calendar);
        Assert.Equal(
            [
                "file: lists no date in 2027, between 2026 and 2028; every covered year must list its holidays",
                "line 3: date: '2026-02-30' is neither a date YYYY-MM-DD nor closing days MM-DD..MM-DD",
                "line 4: date: closing days '12-29..13-03': '13-03' has month 13; expected 01 to 12; expected MM-DD..MM-DD, e.g. 12-29..01-03",
                "line 5: date: 2026-01-01 is on line 2 already",
                "line 6: line: has 1 fields; expected 2 (date, name), no commas in the name",
                "line 7: name: is required",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("", "file: is empty; expected the header 'date,name'")]
    [InlineData("day,name\n2026-01-01,元日\n", "line 1: header: is 'day,name'; expected 'date,name'")]
    [InlineData("date,name\n12-29..01-03,年末年始\n", "file: lists no date; the calendar covers the years from its first to its last date")]
    public void Parse_NotACalendar_Refused(string text, string error)
    {
        var result = Parse(text);

        Assert.Null(result.Calendar);
        Assert.Equal(error, result.Errors.Single().ToString());
    }

    [Fact]
    public void Parse_LineNotUtf8_NamedWithItsLine()
    {
        byte[] bytes = [.. "date,name\n2026-01-01,"u8, 0xFF, (byte)'\n'];

        var result = CalendarFile.Parse(bytes);

        Assert.Null(result.Calendar);
        Assert.Equal("line 2: line: is not valid UTF-8 (byte 12 of the line)", result.Errors.Single().ToString());
    }
}
