using Renkei.Domain.Calendar;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications;

/// <summary>
/// 標準処理期間 and 定例検針日: the earliest switch date after the standard processing period of the point's case
/// (<see cref="ProcessingPeriods"/>), counted on the configured business calendar; the default switch date (the first
/// scheduled reading day after it, from the point's reading schedule); and the matching deadline of a switch date.
/// </summary>
internal sealed class SwitchingDates(BusinessCalendar calendar, ReadingScheduleBook? schedules = null)
{
    /// <summary>The business calendar every date rule counts with (the shipped Japanese one, or a deployment's file).</summary>
    public BusinessCalendar Calendar { get; } = calendar;

    /// <summary>The areas' reading schedules.</summary>
    public ReadingScheduleBook Schedules { get; } = schedules ?? new ReadingScheduleBook();

    /// <summary>The first day a switch of <paramref name="point"/> can take effect when matched on <paramref name="matchedOn"/>.</summary>
    public DateOnly Earliest(DateOnly matchedOn, SupplyPoint point) => Earliest(matchedOn, ProcessingPeriods.Of(point));

    /// <summary>The first day a switch can take effect when matched on <paramref name="matchedOn"/> under <paramref name="period"/>.</summary>
    public DateOnly Earliest(DateOnly matchedOn, ProcessingPeriod period) =>
        Calendar.AddBusinessDays(matchedOn, period.BusinessDays).AddDays(period.CalendarDays);

    /// <summary>The first scheduled reading day (day <paramref name="readingDay"/> of a month) on or after <paramref name="from"/>.</summary>
    public static DateOnly NextReadingDay(DateOnly from, int readingDay)
    {
        var day = Math.Clamp(readingDay, 1, 28);
        var candidate = new DateOnly(from.Year, from.Month, day);
        return candidate >= from ? candidate : candidate.AddMonths(1);
    }

    /// <summary>
    /// The first scheduled reading day of <paramref name="point"/> on or after <paramref name="from"/>: from its reading
    /// schedule when it has one (null when the schedule has no day loaded from then on), else its day of the month.
    /// </summary>
    public DateOnly? NextReadingDay(DateOnly from, SupplyPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point.ReadingSchedule is { } code
            ? Schedules.NextReadingDay(point.Area, code, from)
            : NextReadingDay(from, point.ReadingDay);
    }

    /// <summary>The default switch date for an application received on <paramref name="today"/>; null when the point's schedule has no day after the period.</summary>
    public DateOnly? DefaultSwitchDate(DateOnly today, SupplyPoint point) => NextReadingDay(Earliest(today, point), point);

    /// <summary>
    /// The last day on which matching still meets <paramref name="switchDate"/> under the point's standard period:
    /// unmatched after it, the application is rejected. Never before <paramref name="today"/>.
    /// </summary>
    public DateOnly MatchingDeadline(DateOnly switchDate, DateOnly today, SupplyPoint point)
    {
        var period = ProcessingPeriods.Of(point);
        var day = switchDate;
        while (day > today && Earliest(day, period) > switchDate)
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    /// <summary>True when the calendar covers <paramref name="date"/> and the periods counted from it.</summary>
    public bool Covers(DateOnly date) => date >= Calendar.FirstCoveredDate && date.AddDays(60) <= Calendar.LastCoveredDate;
}
