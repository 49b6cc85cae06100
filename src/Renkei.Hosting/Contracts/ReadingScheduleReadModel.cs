using System.Globalization;

namespace Renkei.Hosting.Contracts;

/// <summary>
/// The scheduled reading days (定例検針日) of every reading schedule (検針日程), per area, schedule code and month, fed by
/// switching's reading-schedule feed (<see cref="ReadingScheduleFeedFollower"/>). The metering node cuts a supply point's
/// 確定使用量 into reading periods with it: the point's area (the first two digits of its ID) and its schedule code
/// (<see cref="ContractReadModel.ReadingScheduleOf"/>) name the schedule, and the schedule's days in consecutive months
/// bound the period. A later item for the same area, code and month replaces the earlier one.
/// </summary>
public sealed class ReadingScheduleReadModel : FeedReadModel<ReadingScheduleFeedItem>
{
    private readonly Dictionary<(string Area, string Code), Dictionary<int, DateOnly>> days = [];

    // How many schedules read on each date: the metering node lists a day's fixed-usage files only where some do.
    private readonly Dictionary<DateOnly, int> readingsOn = [];

    /// <summary>
    /// Checks a page of the feed: every item must name area 01–10, a schedule code and the month as <c>YYYY-MM</c> or
    /// <c>YYYYMM</c>; a page with a bad item changes nothing and throws <see cref="FormatException"/> naming the item's
    /// position and field.
    /// </summary>
    protected override IEnumerable<ReadingScheduleFeedItem> Check(IEnumerable<ReadingScheduleFeedItem> items)
    {
        var page = items.ToList();
        foreach (var item in page)
        {
            if (item.Area is not { Length: 2 } area || !int.TryParse(area, NumberStyles.None, CultureInfo.InvariantCulture, out var a) || a is < 1 or > 10)
            {
                throw new FormatException($"reading-schedule feed item {item.Seq}: area '{item.Area}' is not a two-digit area 01–10");
            }

            if (string.IsNullOrWhiteSpace(item.ScheduleCode))
            {
                throw new FormatException($"reading-schedule feed item {item.Seq}: scheduleCode is empty");
            }

            if (!TryMonth(item.YearMonth, out _))
            {
                throw new FormatException($"reading-schedule feed item {item.Seq}: yearMonth '{item.YearMonth}' is not a month (YYYY-MM)");
            }
        }

        return page;
    }

    protected override void ApplyChecked(IEnumerable<ReadingScheduleFeedItem> items)
    {
        foreach (var item in items)
        {
            TryMonth(item.YearMonth, out var month);
            if (!days.TryGetValue((item.Area, item.ScheduleCode), out var months))
            {
                months = [];
                days.Add((item.Area, item.ScheduleCode), months);
            }

            if (months.TryGetValue(month, out var before))
            {
                Count(before, -1);
            }

            months[month] = item.ReadingDate;
            Count(item.ReadingDate, +1);
        }
    }

    /// <summary>The scheduled reading day of schedule <paramref name="code"/> in <paramref name="area"/> (two digits) in the month; false while the feed has not delivered it.</summary>
    public bool TryReadingDate(string area, string code, int year, int month, out DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(area);
        ArgumentNullException.ThrowIfNull(code);
        Gate.EnterReadLock();
        try
        {
            date = default;
            return days.TryGetValue((area, code), out var months) && months.TryGetValue(MonthKey(year, month), out date);
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    /// <summary>Whether any schedule of any area reads on <paramref name="date"/>.</summary>
    public bool AnyReadingOn(DateOnly date)
    {
        Gate.EnterReadLock();
        try
        {
            return readingsOn.GetValueOrDefault(date) > 0;
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    private static int MonthKey(int year, int month) => (year * 12) + month - 1;

    private static bool TryMonth(string? text, out int key)
    {
        key = 0;
        var digits = text switch
        {
            { Length: 7 } t when t[4] == '-' => string.Concat(t.AsSpan(0, 4), t.AsSpan(5, 2)),
            { Length: 6 } t => t,
            _ => null,
        };
        if (digits is null
            || !int.TryParse(digits.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(digits.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year is < 2000 or > 9998 || month is < 1 or > 12)
        {
            return false;
        }

        key = MonthKey(year, month);
        return true;
    }

    private void Count(DateOnly date, int delta)
    {
        var n = readingsOn.GetValueOrDefault(date) + delta;
        if (n == 0)
        {
            readingsOn.Remove(date);
        }
        else
        {
            readingsOn[date] = n;
        }
    }
}
