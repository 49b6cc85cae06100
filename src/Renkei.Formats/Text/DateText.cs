using System.Globalization;

namespace Renkei.Formats.Text;

/// <summary>
/// The two text forms of a calendar date on Renkei's wires: ISO <c>yyyy-MM-dd</c> (JSON, CSV, query strings)
/// and the market's <c>yyyyMMdd</c> (JP06116 and the market's file names). Parsing is strict: ASCII digits, a real
/// calendar date, nothing before or after. Written by hand because the gateway parses a date on every request;
/// it allocates nothing.
/// </summary>
public static class DateText
{
    /// <summary>The ISO form, <c>yyyy-MM-dd</c>.</summary>
    public const string IsoFormat = "yyyy-MM-dd";

    /// <summary>The market's compact form, <c>yyyyMMdd</c>.</summary>
    public const string MarketFormat = "yyyyMMdd";

    public static string Format(DateOnly date) => date.ToString(IsoFormat, CultureInfo.InvariantCulture);

    public static string FormatMarket(DateOnly date) => date.ToString(MarketFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes <c>yyyy-MM-dd</c> into <paramref name="destination"/> (10 characters).</summary>
    public static bool TryFormat(DateOnly date, Span<char> destination, out int written) =>
        date.TryFormat(destination, out written, IsoFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes <c>yyyy-MM-dd</c> as UTF-8 into <paramref name="destination"/> (10 bytes).</summary>
    public static bool TryFormat(DateOnly date, Span<byte> destination, out int written) =>
        date.TryFormat(destination, out written, IsoFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes the market's <c>yyyyMMdd</c> into <paramref name="destination"/> (8 characters).</summary>
    public static bool TryFormatMarket(DateOnly date, Span<char> destination, out int written) =>
        date.TryFormat(destination, out written, MarketFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses <c>yyyy-MM-dd</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        return text.Length == 10 && text[4] == '-' && text[7] == '-'
            && TryDate(text[..4], text.Slice(5, 2), text.Slice(8, 2), out date);
    }

    /// <summary>Parses <c>yyyy-MM-dd</c>; a null text is not a date.</summary>
    public static bool TryParse(string? text, out DateOnly date)
    {
        if (text is null)
        {
            date = default;
            return false;
        }

        return TryParse(text.AsSpan(), out date);
    }

    /// <summary>Parses the market's <c>yyyyMMdd</c>.</summary>
    public static bool TryParseMarket(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        return text.Length == 8 && TryDate(text[..4], text.Slice(4, 2), text.Slice(6, 2), out date);
    }

    /// <summary>
    /// Parses <c>yyyy-MM-dd</c> or says why not, naming <paramref name="field"/>: the message an API or a file
    /// parser returns for a bad date.
    /// </summary>
    public static bool TryParse(string? text, string field, out DateOnly date, out string error)
    {
        if (TryParse(text, out date))
        {
            error = string.Empty;
            return true;
        }

        error = text is null
            ? $"{field} is required (YYYY-MM-DD)"
            : $"{field} '{Echo.Prefix(text)}' is not a date in the form YYYY-MM-DD";
        return false;
    }

    /// <summary>
    /// Parses the query parameter <paramref name="parameter"/> as <c>yyyy-MM-dd</c> or says why not: the message
    /// every internal API returns for a missing or bad date in its query.
    /// </summary>
    public static bool TryParseQuery(string? text, string parameter, out DateOnly date, out string error)
    {
        if (TryParse(text, out date))
        {
            error = string.Empty;
            return true;
        }

        error = text is null
            ? $"the query parameter {parameter} is required (YYYY-MM-DD)"
            : $"{parameter} '{Echo.Prefix(text)}' is not a date in the form YYYY-MM-DD";
        return false;
    }

    private static bool TryDate(ReadOnlySpan<char> yearText, ReadOnlySpan<char> monthText, ReadOnlySpan<char> dayText, out DateOnly date)
    {
        date = default;
        if (!TryDigits(yearText, out var year) || !TryDigits(monthText, out var month) || !TryDigits(dayText, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
