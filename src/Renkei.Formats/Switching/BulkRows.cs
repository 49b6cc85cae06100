using System.Globalization;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching;

/// <summary>The checks every bulk file (<see cref="SwitchInsFile"/>, <see cref="RelaysFile"/>) makes across its rows.</summary>
internal static class BulkRows
{
    /// <summary>Adds a fault for each field of the row with a control character (named by its column); true when there was one.</summary>
    public static bool RefuseControlCharacters(int line, string[] header, string[] fields, List<FormatError> errors)
    {
        var found = false;
        for (var i = 0; i < fields.Length && i < header.Length; i++)
        {
            if (Text.ControlCharacters.Check(fields[i]) is { } why)
            {
                errors.Add(new FormatError(line, header[i], why));
                found = true;
            }
        }

        return found;
    }

    /// <summary>
    /// A value (a supply point, a relay number) that must appear once per file: each row that shares it with others
    /// gets a fault naming the other lines, so both rows are reported, before anything is applied.
    /// </summary>
    public static void Twice<TRow>(List<TRow> rows, Func<TRow, int> lineOf, Func<TRow, string?> valueOf, string column, string what, List<FormatError> errors)
    {
        foreach (var group in rows.Where(r => !string.IsNullOrEmpty(valueOf(r))).GroupBy(valueOf, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var lines = group.Select(lineOf).ToList();
            foreach (var line in lines)
            {
                var others = string.Join(", ", lines.Where(l => l != line).Select(l => l.ToString(CultureInfo.InvariantCulture)));
                errors.Add(new FormatError(line, column, $"the {what} {Echo.Prefix(group.Key)} is also on line {others} of this file; a file takes it once"));
            }
        }
    }

    /// <summary>The faults by line (those of the file as a whole first), each line's in the order found.</summary>
    public static List<FormatError> InLineOrder(List<FormatError> errors) => [.. errors.OrderBy(e => e.Line)];
}
