using System.Globalization;
using Renkei.Domain.Calendar;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching;

/// <summary>
/// The business calendar file (docs/formats.md, "Business calendar file"): the days on which a TSO does not process
/// applications, which every switching date rule counts with. UTF-8, header <c>date,name</c>, then one line per
/// non-business day <c>YYYY-MM-DD,name</c> (a national holiday or a one-off closing day) or per recurring closing
/// range <c>MM-DD..MM-DD,name</c> (every year, e.g. <c>12-29..01-03</c>); weekends never count. <c>#</c> starts a
/// comment line; blank lines are ignored. The calendar covers the years from the first to the last dated line, each
/// of which must list at least one date. Read whole: every fault is listed with its line, and a file with any fault
/// is not used.
/// </summary>
public static class CalendarFile
{
    /// <summary>Largest file read (1 MiB: a century of holidays is about 2,000 lines).</summary>
    public const long MaxBytes = 1024 * 1024;

    public const string Header = "date,name";

    /// <summary>The most faults listed; past them the rest of the file is not checked.</summary>
    public const int MaxFaults = MasterDataLines.MaxFaults;

    /// <summary>Reads a calendar file's bytes: the calendar, or every fault (the calendar is then null).</summary>
    public static CalendarFileResult Parse(ReadOnlySpan<byte> utf8)
    {
        var errors = new List<FormatError>();
        var days = new Dictionary<DateOnly, (string Name, int Line)>();
        var closing = new List<ClosingDays>();
        var headerSeen = MasterDataLines.Read(utf8, Header, "2 (date, name), no commas in the name", errors, (line, fields) =>
        {
            var name = fields[1].Trim();
            if (name.Length == 0)
            {
                errors.Add(new FormatError(line, "name", "is required"));
            }
            else if (name.Length > 40)
            {
                errors.Add(new FormatError(line, "name", string.Create(CultureInfo.InvariantCulture, $"is {name.Length} characters, at most 40")));
            }
            else if (ControlCharacters.IndexOf(name) >= 0)
            {
                errors.Add(new FormatError(line, "name", "holds a control character"));
            }

            var date = fields[0].Trim();
            if (date.Contains("..", StringComparison.Ordinal))
            {
                if (ClosingDays.TryParse(date, out var range, out var why))
                {
                    closing.Add(range);
                }
                else
                {
                    errors.Add(new FormatError(line, "date", why));
                }
            }
            else if (!DateText.TryParse(date, out var day))
            {
                errors.Add(new FormatError(line, "date", $"'{Echo.Prefix(date)}' is neither a date YYYY-MM-DD nor closing days MM-DD..MM-DD"));
            }
            else if (!MasterDataDates.Contains(day))
            {
                errors.Add(new FormatError(line, "date", MasterDataDates.OutOfRange(date)));
            }
            else if (days.TryGetValue(day, out var first))
            {
                errors.Add(new FormatError(line, "date", string.Create(CultureInfo.InvariantCulture, $"{date} is on line {first.Line} already")));
            }
            else
            {
                days[day] = (name, line);
            }
        });

        if (headerSeen && days.Count == 0 && errors.Count == 0)
        {
            errors.Add(new FormatError(0, "file", "lists no date; the calendar covers the years from its first to its last date"));
        }

        if (days.Count > 0)
        {
            var firstYear = days.Keys.Min().Year;
            var lastYear = days.Keys.Max().Year;
            var years = days.Keys.Select(d => d.Year).ToHashSet();
            for (var year = firstYear; year <= lastYear; year++)
            {
                if (!years.Contains(year))
                {
                    errors.Add(new FormatError(0, "file", string.Create(CultureInfo.InvariantCulture,
                        $"lists no date in {year}, between {firstYear} and {lastYear}; every covered year must list its holidays")));
                }
            }

            if (errors.Count == 0)
            {
                var calendar = BusinessCalendar.Create(days.ToDictionary(d => d.Key, d => d.Value.Name), closing, firstYear, lastYear);
                return new CalendarFileResult(calendar, []);
            }
        }

        return new CalendarFileResult(null, [.. errors.OrderBy(e => e.Line)]);
    }
}

/// <summary>A calendar file read: the calendar, or (null) every fault.</summary>
public sealed record CalendarFileResult(BusinessCalendar? Calendar, IReadOnlyList<FormatError> Errors);
