using System.Text;
using Renkei.Cli.Demo;
using Renkei.Domain.Calendar;
using Renkei.Formats.Switching;

namespace Renkei.Cli.Tests.Demo;

/// <summary>The demo's generated reading schedules, against months laid out by hand on the Japanese calendar.</summary>
public sealed class DemoReadingSchedulesTests
{
    [Fact]
    public void Month_TokyoJanuary2027_CodesFromTheSecondBusinessDayLastOnTheWeekendWhenShort()
    {
        // January 2027: closed 1/1–1/3, 成人の日 Mon 1/11; 19 business days, the first 1/4. From the second (1/5) there
        // are 18 for 19 codes: the last code reads on Saturday 1/30.
        var days = DemoReadingSchedules.Month(BusinessCalendar.JapanDefault, 3, new DateOnly(2027, 1, 1), DemoReadingSchedules.TokyoCodes, skipBusinessDays: 1)
            .ToDictionary(d => d.ScheduleCode, d => d.ReadingDate.Day);

        Assert.Equal(19, days.Count);
        Assert.Equal(
            [("01", 5), ("02", 6), ("03", 7), ("04", 8), ("08", 12), ("09", 13), ("10", 14), ("11", 15), ("12", 18), ("15", 19), ("16", 20), ("17", 21), ("18", 22), ("19", 25), ("22", 26), ("23", 27), ("24", 28), ("25", 29), ("26", 30)],
            days.Select(d => (d.Key, d.Value)));
    }

    [Fact]
    public void Month_KansaiDecember2026_CodesFromTheFirstBusinessDayBeforeTheYearEnd()
    {
        // December 2026: 20 business days, 12/1 to 12/28 (12/29–12/31 closed).
        var days = DemoReadingSchedules.Month(BusinessCalendar.JapanDefault, 6, new DateOnly(2026, 12, 1), DemoReadingSchedules.KansaiCodes, skipBusinessDays: 0).ToList();

        Assert.Equal((new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 28)), (days[0].ReadingDate, days[^1].ReadingDate));
        Assert.Equal(new DateOnly(2026, 12, 7), days.Single(d => d.ScheduleCode == "05").ReadingDate);
    }

    [Fact]
    public void Generate_FourteenMonthsOfBothAreas_IsAValidScheduleFile()
    {
        var records = ReadingScheduleFile.Parse(Encoding.UTF8.GetBytes(DemoReadingSchedules.Generate(BusinessCalendar.JapanDefault, new DateOnly(2026, 11, 27))));

        Assert.Empty(records.Errors);
        Assert.Equal(14 * (19 + 20), records.Days.Count);
        Assert.Equal(("2026-10", "2027-11"), (records.Days.Min(d => d.Day.YearMonth), records.Days.Max(d => d.Day.YearMonth)));
    }
}
