using System.Globalization;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching;

/// <summary>
/// The line loop of the small comma-separated master-data files a TSO publishes (the business calendar, the reading
/// schedules): UTF-8, one header line, then one record per line split on commas (no quoting); <c>#</c> starts a
/// comment line and blank lines are ignored. Read whole, all or nothing: every fault is listed with its line (a line
/// that is not UTF-8 or too long, a wrong header, a wrong number of fields, and whatever the file's own check of a
/// record finds), at most <see cref="MaxFaults"/> of them.
/// </summary>
internal static class MasterDataLines
{
    /// <summary>The most faults listed; past them the rest of the file is not checked.</summary>
    public const int MaxFaults = 100;

    /// <summary>
    /// Reads <paramref name="utf8"/> and hands each record with the expected number of fields to
    /// <paramref name="record"/> (its line number and its fields, untrimmed), which adds its own faults to
    /// <paramref name="errors"/>. Adds the faults of form itself, and ends with a fault of the file when the faults ran
    /// over or the file is empty. Returns whether a header line was there.
    /// </summary>
    public static bool Read(ReadOnlySpan<byte> utf8, string header, string expectedFields, List<FormatError> errors, Action<int, string[]> record)
    {
        var fieldCount = header.Count(c => c == ',') + 1;
        using var stream = new MemoryStream(utf8.ToArray(), writable: false);
        using var reader = new Utf8LineReader(stream, maxLineBytes: 4096);
        var headerSeen = false;
        while (reader.ReadLine() is { } raw && errors.Count < MaxFaults)
        {
            var line = reader.LineNumber;
            if (reader.LineFault is { } fault)
            {
                errors.Add(new FormatError(line, line == 1 ? "header" : "line", fault));
                headerSeen |= line == 1;
                continue;
            }

            var text = line == 1 ? raw.TrimStart('\uFEFF') : raw;
            if (!headerSeen)
            {
                headerSeen = true;
                if (text.Trim() != header)
                {
                    errors.Add(new FormatError(1, "header", $"is '{Echo.Prefix(text)}'; expected '{header}'"));
                    break;
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(text) || text.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var fields = text.Split(',');
            if (fields.Length != fieldCount)
            {
                errors.Add(new FormatError(line, "line", string.Create(CultureInfo.InvariantCulture, $"has {fields.Length} fields; expected {expectedFields}")));
                continue;
            }

            record(line, fields);
        }

        if (errors.Count >= MaxFaults)
        {
            errors.Add(new FormatError(errors[^1].Line, "file", string.Create(CultureInfo.InvariantCulture, $"more than {MaxFaults} faults; the rest of the file was not checked")));
        }

        if (!headerSeen)
        {
            errors.Add(new FormatError(0, "file", $"is empty; expected the header '{header}'"));
        }

        return headerSeen;
    }
}
