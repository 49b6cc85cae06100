using Renkei.Domain.Calendar;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications;

/// <summary>
/// 標準処理期間 and 定例検針日: the earliest switch date after the standard processing period, the default
/// switch date (the first scheduled reading day after it), and the matching deadline of a given switch date.
/// </summary>
internal sealed class SwitchingDates(BusinessCalendar calendar)
{
    public BusinessCalendar Calendar { get; } = calendar;

    /// <summary>
    /// The first day a switch can take effect when matched on <paramref name="matchedOn"/>: low voltage 1
    /// business day + 2 calendar days (8 + 2 with meter work); high voltage 8 business days (20 with meter work).
    /// </summary>
    public DateOnly Earliest(DateOnly matchedOn, string voltageClass, bool meterWork)
    {
        if (voltageClass == VoltageClasses.High)
        {
            return Calendar.AddBusinessDays(matchedOn, meterWork ? 20 : 8);
        }

        return Calendar.AddBusinessDays(matchedOn, meterWork ? 8 : 1).AddDays(2);
    }

    /// <summary>The first scheduled reading day (day <paramref name="readingDay"/> of a month) on or after <paramref name="from"/>.</summary>
    public static DateOnly NextReadingDay(DateOnly from, int readingDay)
    {
        var day = Math.Clamp(readingDay, 1, 28);
        var candidate = new DateOnly(from.Year, from.Month, day);
        return candidate >= from ? candidate : candidate.AddMonths(1);
    }

    /// <summary>The default switch date for an application received on <paramref name="today"/>.</summary>
    public DateOnly DefaultSwitchDate(DateOnly today, SupplyPoint point, bool meterWork)
    {
        ArgumentNullException.ThrowIfNull(point);
        return NextReadingDay(Earliest(today, point.VoltageClass, meterWork), point.ReadingDay);
    }

    /// <summary>
    /// The last day on which matching still meets <paramref name="switchDate"/> under the standard period:
    /// unmatched after it, the application is rejected. Never before <paramref name="today"/>.
    /// </summary>
    public DateOnly MatchingDeadline(DateOnly switchDate, DateOnly today, string voltageClass, bool meterWork)
    {
        var day = switchDate;
        while (day > today && Earliest(day, voltageClass, meterWork) > switchDate)
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    /// <summary>True when the calendar covers <paramref name="date"/> and the periods counted from it.</summary>
    public bool Covers(DateOnly date) => date >= Calendar.FirstCoveredDate && date.AddDays(60) <= Calendar.LastCoveredDate;
}
