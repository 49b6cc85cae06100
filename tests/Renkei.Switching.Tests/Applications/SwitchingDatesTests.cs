using Renkei.Domain.Calendar;
using Renkei.Switching.Applications;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tests.Applications;

/// <summary>
/// The earliest and default switch dates and the matching deadline, against cases computed by hand on the Japanese
/// calendar: Friday 2026-11-27 (the harness's day), the year-end closing 12/29–1/3 and 成人の日 Monday 2027-01-11.
/// </summary>
public sealed class SwitchingDatesTests
{
    private static readonly DateOnly Nov27 = new(2026, 11, 27);

    private readonly SwitchingDates dates = new(BusinessCalendar.JapanDefault);

    private static SupplyPoint PointOf(string voltage = VoltageClasses.Low, int? kw = null, string meter = MeterTypes.Smart, bool remote = true, string? schedule = null, int readingDay = 15) =>
        new() { Id = "0300000000000000000001", Area = 3, Address = "東京都", VoltageClass = voltage, ContractCapacityKw = kw, MeterType = meter, RemoteReading = remote, ReadingSchedule = schedule, ReadingDay = readingDay };

    [Fact]
    public void Earliest_LowVoltageBeforeHolidayWeekend_SkipsHolidayAndWeekend()
    {
        // Fri 2026-11-20; Mon 11-23 is 勤労感謝の日: the first business day after is Tue 11-24, + 2 days.
        Assert.Equal(new DateOnly(2026, 11, 26), dates.Earliest(new DateOnly(2026, 11, 20), PointOf()));
    }

    [Fact]
    public void Earliest_LowVoltageAtYearEnd_SkipsTheClosingDays()
    {
        // Mon 12-28: 12/29–1/3 are closed, the next business day is Mon 2027-01-04, + 2 days.
        Assert.Equal(new DateOnly(2027, 1, 6), dates.Earliest(new DateOnly(2026, 12, 28), PointOf()));
    }

    // From Fri 11-27. Business days: 11-30, 12-01 … 12-04, 12-07 … 12-11 (8th: 12-09, 10th: 12-11), 12-14 … 12-18,
    // 12-21 … 12-25 (20th: 12-25), 12-28 (21st), then 2027-01-04 … 01-08, (01-11 成人の日), 01-12 … 01-15 (30th: 01-15).
    [Theory]
    [InlineData(VoltageClasses.Low, null, MeterTypes.Smart, true, "2026-12-02")] // 1 + 2 calendar days
    [InlineData(VoltageClasses.Low, null, MeterTypes.Conventional, true, "2026-12-11")] // meter work: 8 + 2
    [InlineData(VoltageClasses.Low, null, MeterTypes.Smart, false, "2026-12-11")] // communication unit at low voltage: as meter work
    [InlineData(VoltageClasses.High, 499, MeterTypes.Smart, true, "2026-12-09")] // < 500 kW: 8
    [InlineData(VoltageClasses.High, 499, MeterTypes.Conventional, true, "2026-12-25")] // < 500 kW, meter work: 20
    [InlineData(VoltageClasses.High, 499, MeterTypes.Smart, false, "2026-12-25")] // < 500 kW, communication unit: 20
    [InlineData(VoltageClasses.High, 500, MeterTypes.Smart, true, "2026-12-11")] // ≥ 500 kW: 10
    [InlineData(VoltageClasses.High, 500, MeterTypes.Conventional, true, "2027-01-15")] // ≥ 500 kW, meter work: 30, over the year end and 成人の日
    [InlineData(VoltageClasses.High, 2000, MeterTypes.Smart, false, "2026-12-25")] // ≥ 500 kW, communication unit: 20
    [InlineData(VoltageClasses.Extra, 10000, MeterTypes.Smart, true, "2026-12-11")] // 特別高圧: 10
    [InlineData(VoltageClasses.Extra, 10000, MeterTypes.Conventional, true, "2027-01-15")] // 特別高圧, meter work: 30
    [InlineData(VoltageClasses.High, null, MeterTypes.Smart, true, "2026-12-11")] // high voltage, capacity unknown: the ≥ 500 kW column
    public void Earliest_EachCaseOfTheTable_TakesItsPeriod(string voltage, int? kw, string meter, bool remote, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), dates.Earliest(Nov27, PointOf(voltage, kw, meter, remote)));
    }

    [Theory]
    [InlineData(VoltageClasses.Low, null, MeterTypes.Smart, true, "Low", "None")]
    [InlineData(VoltageClasses.High, 499, MeterTypes.Conventional, true, "HighUnder500Kw", "Meter")]
    [InlineData(VoltageClasses.High, 500, MeterTypes.Smart, false, "HighFrom500KwOrExtra", "CommunicationUnit")]
    [InlineData(VoltageClasses.Extra, 100, MeterTypes.Smart, true, "HighFrom500KwOrExtra", "None")]
    public void CaseOf_FacilityFacts_DecideTheColumnAndTheWork(string voltage, int? kw, string meter, bool remote, string column, string work)
    {
        var (voltageCase, siteWork) = ProcessingPeriods.CaseOf(PointOf(voltage, kw, meter, remote));

        Assert.Equal((column, work), (voltageCase.ToString(), siteWork.ToString()));
    }

    [Theory]
    [InlineData("2026-12-02", 15, "2026-12-15")]
    [InlineData("2026-12-15", 15, "2026-12-15")]
    [InlineData("2026-12-16", 15, "2027-01-15")]
    [InlineData("2026-12-16", 1, "2027-01-01")]
    public void NextReadingDay_PointWithoutSchedule_FirstDayOfMonthOnOrAfter(string from, int readingDay, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), SwitchingDates.NextReadingDay(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), readingDay));
    }

    [Fact]
    public void DefaultSwitchDate_PointWithSchedule_TakesTheScheduleDayAfterThePeriod()
    {
        // Schedule 08 reads on 12-03 in December and on 01-07 in January (the day moves with the year-end closing).
        var withSchedule = new SwitchingDates(BusinessCalendar.JapanDefault);
        withSchedule.Schedules.Load(1, [(3, "08", new DateOnly(2026, 12, 3)), (3, "08", new DateOnly(2027, 1, 7)), (3, "09", new DateOnly(2026, 12, 4))]);
        var point = PointOf(schedule: "08");

        // From Fri 11-27 the earliest is 12-02: the schedule's 12-03, not the point's fixed day 15.
        Assert.Equal(new DateOnly(2026, 12, 3), withSchedule.DefaultSwitchDate(Nov27, point));

        // From Mon 12-28 the earliest is 2027-01-06: January's day, 01-07.
        Assert.Equal(new DateOnly(2027, 1, 7), withSchedule.DefaultSwitchDate(new DateOnly(2026, 12, 28), point));

        // From Thu 01-07 the earliest is 01-12 (after 成人の日): February is not loaded, so there is no default.
        Assert.Null(withSchedule.DefaultSwitchDate(new DateOnly(2027, 1, 7), point));
    }

    [Fact]
    public void DefaultSwitchDate_ScheduleOfAnotherArea_IsNotUsed()
    {
        var withSchedule = new SwitchingDates(BusinessCalendar.JapanDefault);
        withSchedule.Schedules.Load(1, [(6, "08", new DateOnly(2026, 12, 3))]);

        Assert.Null(withSchedule.DefaultSwitchDate(Nov27, PointOf(schedule: "08")));
    }

    [Fact]
    public void MatchingDeadline_SwitchDate_IsLastDayWhoseStandardPeriodStillFits()
    {
        var point = PointOf();
        var deadline = dates.MatchingDeadline(new DateOnly(2026, 12, 15), Nov27, point);

        Assert.Equal(new DateOnly(2026, 12, 10), deadline);
        Assert.True(dates.Earliest(deadline, point) <= new DateOnly(2026, 12, 15));
        Assert.True(dates.Earliest(deadline.AddDays(1), point) > new DateOnly(2026, 12, 15));
    }

    [Fact]
    public void MatchingDeadline_SwitchAfterTheYearEnd_FallsBeforeTheClosingDays()
    {
        // A switch on 2027-01-07 (low voltage): matched on Mon 12-28 the earliest is 01-06; on 12-29 … 01-03
        // (closed) the next business day is 01-04 and the earliest 01-06 as well; on Mon 01-04, 01-05 + 2 = 01-07.
        Assert.Equal(new DateOnly(2027, 1, 4), dates.MatchingDeadline(new DateOnly(2027, 1, 7), Nov27, PointOf()));

        // High voltage ≥ 500 kW with meter work, switch on 2027-01-15: the 30th business day from Fri 11-27, and from
        // the weekend after it (counting starts at Mon 11-30 either way), but not from Mon 11-30.
        Assert.Equal(new DateOnly(2026, 11, 29), dates.MatchingDeadline(new DateOnly(2027, 1, 15), new DateOnly(2026, 11, 20), PointOf(VoltageClasses.High, 800, MeterTypes.Conventional)));
    }

    [Fact]
    public void Earliest_DeploymentCalendar_CountsItsOwnClosingDays()
    {
        // A TSO's calendar closing 11-30 … 12-01 as well: from Fri 11-27 the next business day is Wed 12-02, + 2.
        var own = BusinessCalendar.Create(new Dictionary<DateOnly, string> { [new DateOnly(2026, 11, 23)] = "勤労感謝の日" }, [ClosingDays.Parse("11-30..12-01")], 2026, 2026);

        Assert.Equal(new DateOnly(2026, 12, 4), new SwitchingDates(own).Earliest(Nov27, PointOf()));
    }
}
