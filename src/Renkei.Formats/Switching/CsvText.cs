using System.Globalization;
using System.Text;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching;

/// <summary>
/// RFC 4180 CSV: comma-separated fields, optionally in double quotes (a quote inside doubled), CRLF or LF line
/// ends, a UTF-8 BOM tolerated. Reads a whole (bounded) file; each record keeps the line it starts on. A fault of
/// form does not hide the rest of the file: the record at fault is left out, the fault is kept with the line it
/// is on (for a quote never closed, the line where it opened), and reading goes on with the next line.
/// </summary>
public static class CsvText
{
    /// <summary>The most faults of form listed for one file; past them the rest of the file is not read.</summary>
    public const int MaxFaults = 100;

    /// <summary>The records of <paramref name="text"/> and the first fault of form as <c>line N: why</c> (null when none).</summary>
    public static List<(int Line, string[] Fields)> Read(string text, out string? error)
    {
        var (records, faults) = ReadAll(text);
        error = faults.Count == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"line {faults[0].Line}: {faults[0].Message}");
        return records;
    }

    /// <summary>Every well-formed record of <paramref name="text"/>, and every fault of form with its line.</summary>
    public static (List<(int Line, string[] Fields)> Records, List<FormatError> Faults) ReadAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<(int, string[])>();
        var faults = new List<FormatError>();
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (start < text.Length && faults.Count < MaxFaults)
        {
            var (next, nextLine, fault) = ReadFrom(text, start, line, records);
            if (fault is null)
            {
                break;
            }

            faults.Add(fault);
            (start, line) = (next, nextLine);
        }

        if (faults.Count >= MaxFaults)
        {
            faults.Add(new FormatError(faults[^1].Line, "file", string.Create(CultureInfo.InvariantCulture, $"more than {MaxFaults} faults of form; the rest of the file was not checked")));
        }

        return (records, faults);
    }

    /// <summary>Quotes a field when it holds a comma, quote or line break.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>A date field: <c>yyyy-MM-dd</c>, empty when there is none.</summary>
    public static string Date(DateOnly? date) => date is { } d ? DateText.Format(d) : string.Empty;

    /// <summary>
    /// Reads records from <paramref name="i"/> (the start of line <paramref name="line"/>) until the end or the first
    /// fault; then where to go on (the start of the line after the fault) and the fault.
    /// </summary>
    private static (int Next, int NextLine, FormatError? Fault) ReadFrom(string text, int i, int line, List<(int, string[])> records)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var recordLine = line;
        var quoted = false;
        var quoteLine = 0;
        var quoteAt = 0;
        var fieldStarted = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    quoted = true;
                    quoteLine = line;
                    quoteAt = i;
                    fieldStarted = true;
                    break;
                case '"':
                    var after = NextLine(text, i);
                    return (after, line + 1, new FormatError(line, "line", "a double quote inside an unquoted field; quote the field and double the quote"));
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    if (!(fields.Count == 1 && fields[0].Length == 0))
                    {
                        records.Add((recordLine, fields.ToArray()));
                    }

                    fields.Clear();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }

        if (quoted)
        {
            // The quote swallowed the rest of the file: the record it is in is left out, and reading goes on from
            // the line after the one it opened on, so the file's other faults are found too.
            return (NextLine(text, quoteAt), quoteLine + 1, new FormatError(quoteLine, "line", "a quoted field opens on this line and is not closed before the end of the file"));
        }

        if (fieldStarted || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields.ToArray()));
        }

        return (text.Length, line, null);
    }

    /// <summary>The index just after the line break that ends the line holding index <paramref name="i"/> (the text's end when none).</summary>
    private static int NextLine(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end + 1;
    }
}
