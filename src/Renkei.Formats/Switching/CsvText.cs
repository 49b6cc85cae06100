using System.Text;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching;

/// <summary>
/// RFC 4180 CSV: comma-separated fields, optionally in double quotes (a quote inside doubled), CRLF or LF line
/// ends, a UTF-8 BOM tolerated. Reads a whole (bounded) file; each record keeps the line it starts on.
/// </summary>
public static class CsvText
{
    public static List<(int Line, string[] Fields)> Read(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var quoted = false;
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
                    fieldStarted = true;
                    break;
                case '"':
                    error = $"line {line}: a double quote inside an unquoted field; quote the field and double the quote";
                    return records;
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
            error = $"line {recordLine}: a quoted field is not closed before the end of the file";
            return records;
        }

        if (fieldStarted || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields.ToArray()));
        }

        return records;
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
}
