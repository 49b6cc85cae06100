using Renkei.Domain.Calendar;
using Renkei.Switching.Applications;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tests.Applications;

public sealed class SwitchingDatesTests
{
    private readonly SwitchingDates dates = new(BusinessCalendar.JapanDefault);

    [Fact]
    public void Earliest_LowVoltageBeforeHolidayWeekend_SkipsHolidayAndWeekend()
    {
        // Fri 2026-11-20; Mon 11-23 is 勤労感謝の日: the first business day after is Tue 11-24, + 2 days.
        Assert.Equal(new DateOnly(2026, 11, 26), dates.Earliest(new DateOnly(2026, 11, 20), VoltageClasses.Low, meterWork: false));
    }

    [Fact]
    public void Earliest_LowVoltageWithMeterWork_EightBusinessDaysPlusTwo()
    {
        Assert.Equal(new DateOnly(2026, 12, 11), dates.Earliest(new DateOnly(2026, 11, 27), VoltageClasses.Low, meterWork: true));
    }

    [Fact]
    public void Earliest_HighVoltage_EightBusinessDays()
    {
        Assert.Equal(new DateOnly(2026, 12, 9), dates.Earliest(new DateOnly(2026, 11, 27), VoltageClasses.High, meterWork: false));
    }

    [Theory]
    [InlineData("2026-12-02", 15, "2026-12-15")]
    [InlineData("2026-12-15", 15, "2026-12-15")]
    [InlineData("2026-12-16", 15, "2027-01-15")]
    [InlineData("2026-12-16", 1, "2027-01-01")]
    public void NextReadingDay_FromDate_FirstReadingDayOnOrAfter(string from, int readingDay, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), SwitchingDates.NextReadingDay(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), readingDay));
    }

    [Fact]
    public void MatchingDeadline_SwitchDate_IsLastDayWhoseStandardPeriodStillFits()
    {
        var deadline = dates.MatchingDeadline(new DateOnly(2026, 12, 15), new DateOnly(2026, 11, 27), VoltageClasses.Low, meterWork: false);

        Assert.Equal(new DateOnly(2026, 12, 10), deadline);
        Assert.True(dates.Earliest(deadline, VoltageClasses.Low, false) <= new DateOnly(2026, 12, 15));
        Assert.True(dates.Earliest(deadline.AddDays(1), VoltageClasses.Low, false) > new DateOnly(2026, 12, 15));
    }
}
