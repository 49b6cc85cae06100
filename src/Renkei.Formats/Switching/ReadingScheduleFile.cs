using System.Globalization;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching;

/// <summary>
/// The reading schedule file (検針日程, docs/formats.md, "Reading schedule file"): per area, schedule code and month,
/// the scheduled reading day (定例検針日), as a TSO publishes its yearly calendar. UTF-8, header
/// <c>area,schedule_code,year_month,reading_date</c>, one line per code and month; <c>#</c> starts a comment line,
/// blank lines are ignored. Read whole: every fault is listed with its line, and a file with any fault is not used.
/// </summary>
public static class ReadingScheduleFile
{
    /// <summary>Largest file read (16 MiB: ten areas, 30 codes, ten years are about 40,000 lines).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    public const string Header = "area,schedule_code,year_month,reading_date";

    /// <summary>The most faults listed; past them the rest of the file is not checked.</summary>
    public const int MaxFaults = MasterDataLines.MaxFaults;

    /// <summary>The longest schedule code (ASCII digits and capital letters).</summary>
    public const int MaxCodeLength = 8;

    /// <summary>Reads a reading schedule file's bytes: its lines, and every fault (empty when the file is usable).</summary>
    public static ReadingScheduleRecords Parse(ReadOnlySpan<byte> utf8)
    {
        var result = new ReadingScheduleRecords();
        var errors = result.Errors;
        var seen = new Dictionary<(int, string, string), int>();
        var headerSeen = MasterDataLines.Read(utf8, Header, $"4 ({Header.Replace(",", ", ", StringComparison.Ordinal)})", errors, (line, fields) =>
        {
            var before = errors.Count;
            var areaText = fields[0].Trim();
            var area = areaText.Length == 2 && int.TryParse(areaText, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a is >= 1 and <= 10 ? a : 0;
            if (area == 0)
            {
                errors.Add(new FormatError(line, "area", $"'{Echo.Prefix(areaText)}' is not an area 01 to 10"));
            }

            var code = fields[1].Trim();
            if (code.Length is 0 or > MaxCodeLength || !code.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
            {
                errors.Add(new FormatError(line, "schedule_code", $"'{Echo.Prefix(code)}' is not a schedule code: 1 to {MaxCodeLength} digits or capital letters"));
            }

            var monthText = fields[2].Trim();
            var month = DateText.TryParse(monthText + "-01", out var first) && monthText.Length == 7 ? first : (DateOnly?)null;
            if (month is null)
            {
                errors.Add(new FormatError(line, "year_month", $"'{Echo.Prefix(monthText)}' is not a month YYYY-MM"));
            }
            else if (!MasterDataDates.Contains(month.Value))
            {
                errors.Add(new FormatError(line, "year_month", MasterDataDates.OutOfRange(monthText)));
                month = null;
            }

            var dateText = fields[3].Trim();
            if (!DateText.TryParse(dateText, out var date))
            {
                errors.Add(new FormatError(line, "reading_date", $"'{Echo.Prefix(dateText)}' is not a date YYYY-MM-DD"));
            }
            else if (month is { } m && (date.Year, date.Month) != (m.Year, m.Month))
            {
                errors.Add(new FormatError(line, "reading_date", $"{dateText} is not in {monthText}; a month's reading day lies in that month"));
            }

            if (errors.Count > before)
            {
                return;
            }

            if (seen.TryGetValue((area, code, monthText), out var earlier))
            {
                errors.Add(new FormatError(line, "year_month", string.Create(CultureInfo.InvariantCulture, $"area {areaText} schedule {code} {monthText} is on line {earlier} already")));
                return;
            }

            seen[(area, code, monthText)] = line;
            result.Days.Add((line, new ReadingScheduleLine(area, code, monthText, date)));
        });

        if (headerSeen && result.Days.Count == 0 && errors.Count == 0)
        {
            errors.Add(new FormatError(0, "file", "lists no reading day"));
        }

        errors.Sort((x, y) => x.Line.CompareTo(y.Line));
        return result;
    }

    /// <summary>Writes the header and <paramref name="days"/> as a reading schedule file (the demo's generated year).</summary>
    public static string Write(IEnumerable<ReadingScheduleLine> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var text = new System.Text.StringBuilder(Header).Append('\n');
        foreach (var day in days)
        {
            text.Append(CultureInfo.InvariantCulture, $"{day.Area:D2},{day.ScheduleCode},{day.YearMonth},{DateText.Format(day.ReadingDate)}\n");
        }

        return text.ToString();
    }
}

/// <summary>The lines of a reading schedule file, each with its line number, and its faults.</summary>
public sealed class ReadingScheduleRecords
{
    public List<(int Line, ReadingScheduleLine Day)> Days { get; } = [];

    public List<FormatError> Errors { get; } = [];
}

/// <summary>One line: schedule <paramref name="ScheduleCode"/> of <paramref name="Area"/> reads on <paramref name="ReadingDate"/> in <paramref name="YearMonth"/> (YYYY-MM).</summary>
public sealed record ReadingScheduleLine(int Area, string ScheduleCode, string YearMonth, DateOnly ReadingDate);
