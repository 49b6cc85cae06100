using System.Globalization;
using Renkei.Domain.Calendar;
using Renkei.Formats.Switching;

namespace Renkei.Cli.Demo;

/// <summary>
/// The demo's reading schedules (検針日程), generated the way MARKET.md describes the former utilities' practice: a
/// month's codes are laid in order onto its business days, so a code's day moves with weekends and holidays. Area 03
/// (Tokyo): codes 01–26 without 05, 06, 07, 13, 14, 20, 21 (19 in use), from the month's second business day; area 06
/// (Kansai): codes 01–20 from the month's first business day. A month short of business days lays its last codes on the
/// following days (holidays and weekends included), never past the month's end. Imported at each start through the
/// same import as a TSO's file (days already stored are left as they are), from last month to a year ahead.
/// </summary>
internal static class DemoReadingSchedules
{
    /// <summary>Tokyo's codes in use, in order.</summary>
    public static readonly string[] TokyoCodes =
        [.. Enumerable.Range(1, 26).Except([5, 6, 7, 13, 14, 20, 21]).Select(c => c.ToString("D2", CultureInfo.InvariantCulture))];

    /// <summary>Kansai's codes, in order.</summary>
    public static readonly string[] KansaiCodes = [.. Enumerable.Range(1, 20).Select(c => c.ToString("D2", CultureInfo.InvariantCulture))];

    /// <summary>The schedule code of Tokyo point <paramref name="i"/>.</summary>
    public static string TokyoCodeOf(int i) => TokyoCodes[i % TokyoCodes.Length];

    /// <summary>The schedule code of Kansai point <paramref name="k"/>.</summary>
    public static string KansaiCodeOf(int k) => KansaiCodes[k % KansaiCodes.Length];

    /// <summary>The reading schedule file of both areas from the month before <paramref name="today"/>'s to twelve months after it.</summary>
    public static string Generate(BusinessCalendar calendar, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var lines = new List<ReadingScheduleLine>();
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        for (var m = 0; m < 14; m++)
        {
            var month = first.AddMonths(m);
            if (month < calendar.FirstCoveredDate || month.AddMonths(1).AddDays(-1) > calendar.LastCoveredDate)
            {
                continue;
            }

            lines.AddRange(Month(calendar, 3, month, TokyoCodes, skipBusinessDays: 1));
            lines.AddRange(Month(calendar, 6, month, KansaiCodes, skipBusinessDays: 0));
        }

        return ReadingScheduleFile.Write(lines);
    }

    /// <summary>The reading days of <paramref name="codes"/> in the month starting <paramref name="month"/>.</summary>
    public static IEnumerable<ReadingScheduleLine> Month(BusinessCalendar calendar, int area, DateOnly month, IReadOnlyList<string> codes, int skipBusinessDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(codes);
        var last = month.AddMonths(1).AddDays(-1);
        var yearMonth = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var day = month;
        var skipped = 0;
        var previous = month.AddDays(-1);
        foreach (var code in codes)
        {
            // The next business day of the month (after the skipped ones); when the month has none left, the day after
            // the previous code's, held at the month's last day.
            while (day <= last && (!calendar.IsBusinessDay(day) || skipped < skipBusinessDays))
            {
                if (calendar.IsBusinessDay(day))
                {
                    skipped++;
                }

                day = day.AddDays(1);
            }

            var reading = day <= last ? day : (previous < last ? previous.AddDays(1) : last);
            yield return new ReadingScheduleLine(area, code, yearMonth, reading);
            previous = reading;
            day = day <= last ? day.AddDays(1) : day;
        }
    }
}
