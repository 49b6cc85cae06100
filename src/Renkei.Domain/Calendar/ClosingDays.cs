using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Renkei.Domain.Calendar;

/// <summary>
/// 休業日: a recurring range of days, the same every year, on which a TSO does not process applications
/// (by default 12/29 to 1/3). Written <c>MM-DD..MM-DD</c>, both ends included; a range whose start is after
/// its end wraps the year end (<c>12-29..01-03</c> is 29 December to 3 January).
/// </summary>
public readonly record struct ClosingDays
{
    private ClosingDays(int startMonth, int startDay, int endMonth, int endDay)
    {
        StartMonth = startMonth;
        StartDay = startDay;
        EndMonth = endMonth;
        EndDay = endDay;
    }

    /// <summary>The general TSOs' year-end closing, 12-29..01-03.</summary>
    public static ClosingDays YearEnd { get; } = new(12, 29, 1, 3);

    public int StartMonth { get; }

    public int StartDay { get; }

    public int EndMonth { get; }

    public int EndDay { get; }

    /// <summary>True when the range runs over the year end (its start comes after its end in the year).</summary>
    public bool WrapsYearEnd => Key(StartMonth, StartDay) > Key(EndMonth, EndDay);

    /// <summary>True when <paramref name="date"/> falls in the range, both ends included.</summary>
    public bool Contains(DateOnly date)
    {
        var key = Key(date.Month, date.Day);
        var start = Key(StartMonth, StartDay);
        var end = Key(EndMonth, EndDay);
        return start <= end ? key >= start && key <= end : key >= start || key <= end;
    }

    public static ClosingDays Parse(string? text) =>
        TryParse(text, out var value, out var error) ? value : throw new DomainFormatException(error);

    /// <summary>Parses <c>MM-DD..MM-DD</c>, e.g. <c>12-29..01-03</c>. 02-29 is allowed (it applies in leap years).</summary>
    public static bool TryParse(string? text, out ClosingDays value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "closing days are empty; expected MM-DD..MM-DD, e.g. 12-29..01-03";
            return false;
        }

        var separator = text.IndexOf("..", StringComparison.Ordinal);
        if (separator < 0)
        {
            error = $"closing days '{OutsideText.Prefix(text)}' have no '..'; expected MM-DD..MM-DD, e.g. 12-29..01-03";
            return false;
        }

        if (!TryParseMonthDay(text.AsSpan(0, separator), out var startMonth, out var startDay, out var why)
            || !TryParseMonthDay(text.AsSpan(separator + 2), out var endMonth, out var endDay, out why))
        {
            error = $"closing days '{OutsideText.Prefix(text)}': {why}; expected MM-DD..MM-DD, e.g. 12-29..01-03";
            return false;
        }

        value = new ClosingDays(startMonth, startDay, endMonth, endDay);
        error = null;
        return true;
    }

    private static bool TryParseMonthDay(ReadOnlySpan<char> text, out int month, out int day, [NotNullWhen(false)] out string? why)
    {
        month = 0;
        day = 0;
        if (text.Length != 5 || text[2] != '-'
            || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1])
            || !char.IsAsciiDigit(text[3]) || !char.IsAsciiDigit(text[4]))
        {
            why = $"'{OutsideText.Prefix(text)}' is not MM-DD";
            return false;
        }

        month = ((text[0] - '0') * 10) + (text[1] - '0');
        day = ((text[3] - '0') * 10) + (text[4] - '0');
        if (month is < 1 or > 12)
        {
            why = $"'{OutsideText.Prefix(text)}' has month {month}; expected 01 to 12";
            return false;
        }

        // A leap year, so that 02-29 is accepted.
        var daysInMonth = DateTime.DaysInMonth(2000, month);
        if (day < 1 || day > daysInMonth)
        {
            why = string.Create(
                CultureInfo.InvariantCulture,
                $"'{OutsideText.Prefix(text)}' has day {day}; month {month} has days 01 to {daysInMonth}");
            return false;
        }

        why = null;
        return true;
    }

    private static int Key(int month, int day) => (month * 100) + day;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{StartMonth:00}-{StartDay:00}..{EndMonth:00}-{EndDay:00}");
}
