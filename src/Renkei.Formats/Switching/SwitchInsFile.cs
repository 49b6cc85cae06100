using System.Globalization;
using System.Text;
using Renkei.Domain.Identifiers;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching;

/// <summary>
/// 一括申請 of switch-ins (docs/formats.md): header <c>supply_point_id,switch_date,relay_number</c> (the last two
/// optional columns), one switch-in per line. The file is checked whole first: any malformed line rejects it.
/// </summary>
public static class SwitchInsFile
{
    public const int MaxRows = 10_000;

    public const string ResultHeader = "line,application_number,supply_point_id,status,switch_date,deadline";

    private static readonly string[] Known = ["supply_point_id", "switch_date", "relay_number"];

    /// <summary>Parses the file, or returns every syntax error with its line (and no rows).</summary>
    public static (List<SwitchInRow> Rows, List<FormatError> Errors) Parse(string text)
    {
        var rows = new List<SwitchInRow>();
        var errors = new List<FormatError>();
        var (records, faults) = CsvText.ReadAll(text);
        errors.AddRange(faults);
        if (records.Count == 0 || faults.Any(f => f.Line < records[0].Line))
        {
            if (errors.Count > 0)
            {
                return ([], errors);
            }

            errors.Add(new(1, "header", "the file is empty; expected the header supply_point_id,switch_date,relay_number"));
            return ([], errors);
        }

        var header = records[0].Fields.Select(f => f.Trim()).ToArray();
        foreach (var name in header)
        {
            if (!Known.Contains(name))
            {
                errors.Add(new(1, name.Length == 0 ? "header" : Echo.Prefix(name), $"unknown column '{Echo.Prefix(name)}'; the columns are supply_point_id, switch_date, relay_number"));
            }
        }

        if (header.Distinct().Count() != header.Length)
        {
            errors.Add(new(1, "header", "a column is named twice"));
        }

        if (!header.Contains("supply_point_id"))
        {
            errors.Add(new(1, "supply_point_id", "the column supply_point_id is required"));
        }

        if (errors.Count > faults.Count)
        {
            return ([], errors);
        }

        if (records.Count - 1 > MaxRows)
        {
            errors.Add(new(0, "file", string.Create(CultureInfo.InvariantCulture, $"the file has {records.Count - 1} lines; at most {MaxRows} per file")));
            return ([], errors);
        }

        if (records.Count == 1 && faults.Count == 0)
        {
            errors.Add(new(1, "file", "the file has a header and no switch-in"));
            return ([], errors);
        }

        var id = Array.IndexOf(header, "supply_point_id");
        var date = Array.IndexOf(header, "switch_date");
        var relay = Array.IndexOf(header, "relay_number");
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length != header.Length)
            {
                errors.Add(new(line, "line", string.Create(CultureInfo.InvariantCulture, $"{fields.Length} fields; the header has {header.Length}")));
                continue;
            }

            if (BulkRows.RefuseControlCharacters(line, header, fields, errors))
            {
                continue;
            }

            var point = fields[id].Trim();
            if (!SupplyPointId.TryParse(point, out _, out var idError))
            {
                errors.Add(new(line, "supply_point_id", idError));
            }

            DateOnly? switchDate = null;
            if (date >= 0 && fields[date].Trim().Length > 0)
            {
                if (DateText.TryParse(fields[date].Trim(), out var d))
                {
                    switchDate = d;
                }
                else
                {
                    errors.Add(new(line, "switch_date", $"'{Echo.Prefix(fields[date])}' is not a date YYYY-MM-DD"));
                }
            }

            var relayNumber = relay >= 0 && fields[relay].Trim().Length > 0 ? fields[relay].Trim() : null;
            rows.Add(new SwitchInRow(line, point, switchDate, relayNumber));
        }

        BulkRows.Twice(rows, r => r.Line, r => r.SupplyPointId, "supply_point_id", "supply point", errors);
        BulkRows.Twice(rows, r => r.Line, r => r.RelayNumber, "relay_number", "relay number", errors);
        return errors.Count > 0 ? ([], BulkRows.InLineOrder(errors)) : (rows, errors);
    }

    /// <summary>The per-row result file of an accepted upload.</summary>
    public static string Result(IEnumerable<SwitchInResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var csv = new StringBuilder(ResultHeader).Append('\n');
        foreach (var r in results)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Line},{r.ApplicationNumber},{r.SupplyPointId},{r.Status},{CsvText.Date(r.SwitchDate)},{CsvText.Date(r.Deadline)}\n");
        }

        return csv.ToString();
    }
}

/// <summary>One switch-in of the file, on its line.</summary>
public sealed record SwitchInRow(int Line, string SupplyPointId, DateOnly? SwitchDate, string? RelayNumber);

/// <summary>One accepted switch-in in the result file.</summary>
public sealed record SwitchInResult(int Line, string ApplicationNumber, string SupplyPointId, string Status, DateOnly? SwitchDate, DateOnly? Deadline);
