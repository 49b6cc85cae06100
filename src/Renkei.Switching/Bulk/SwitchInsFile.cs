using System.Globalization;
using System.Text;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10610_SwitchIn;

namespace Renkei.Switching.Bulk;

/// <summary>
/// 一括申請 of switch-ins (docs/formats.md): header <c>supply_point_id,switch_date,relay_number</c> (the last two
/// optional columns), one switch-in per line. The file is checked whole first: any malformed line rejects it.
/// </summary>
public static class SwitchInsFile
{
    public const int MaxRows = 10_000;

    public const string MalformedCode = "CSV001";

    private static readonly string[] Known = ["supply_point_id", "switch_date", "relay_number"];

    /// <summary>Parses the file, or returns every syntax error with its line (and no rows).</summary>
    public static (List<(int Line, SwitchInRequest Request)> Rows, List<BatchError> Errors) Parse(string text)
    {
        var rows = new List<(int, SwitchInRequest)>();
        var errors = new List<BatchError>();
        var records = CsvText.Read(text, out var csvError);
        if (csvError is not null)
        {
            errors.Add(Error(0, "file", csvError));
            return ([], errors);
        }

        if (records.Count == 0)
        {
            errors.Add(Error(1, "header", "the file is empty; expected the header supply_point_id,switch_date,relay_number"));
            return ([], errors);
        }

        var header = records[0].Fields.Select(f => f.Trim()).ToArray();
        foreach (var name in header)
        {
            if (!Known.Contains(name))
            {
                errors.Add(Error(1, name, $"unknown column '{name}'; the columns are supply_point_id, switch_date, relay_number"));
            }
        }

        if (header.Distinct().Count() != header.Length)
        {
            errors.Add(Error(1, "header", "a column is named twice"));
        }

        if (!header.Contains("supply_point_id"))
        {
            errors.Add(Error(1, "supply_point_id", "the column supply_point_id is required"));
        }

        if (errors.Count > 0)
        {
            return ([], errors);
        }

        if (records.Count - 1 > MaxRows)
        {
            errors.Add(Error(0, "file", string.Create(CultureInfo.InvariantCulture, $"the file has {records.Count - 1} lines; at most {MaxRows} per file")));
            return ([], errors);
        }

        if (records.Count == 1)
        {
            errors.Add(Error(1, "file", "the file has a header and no switch-in"));
            return ([], errors);
        }

        var id = Array.IndexOf(header, "supply_point_id");
        var date = Array.IndexOf(header, "switch_date");
        var relay = Array.IndexOf(header, "relay_number");
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length != header.Length)
            {
                errors.Add(Error(line, "line", string.Create(CultureInfo.InvariantCulture, $"{fields.Length} fields; the header has {header.Length}")));
                continue;
            }

            var point = fields[id].Trim();
            if (!SupplyPointId.TryParse(point, out _, out var idError))
            {
                errors.Add(Error(line, "supply_point_id", idError));
            }

            DateOnly? switchDate = null;
            if (date >= 0 && fields[date].Trim().Length > 0)
            {
                if (DateOnly.TryParseExact(fields[date].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    switchDate = d;
                }
                else
                {
                    errors.Add(Error(line, "switch_date", $"'{fields[date]}' is not a date YYYY-MM-DD"));
                }
            }

            var relayNumber = relay >= 0 && fields[relay].Trim().Length > 0 ? fields[relay].Trim() : null;
            rows.Add((line, new SwitchInRequest(point, switchDate, relayNumber)));
        }

        return errors.Count > 0 ? ([], errors) : (rows, errors);
    }

    /// <summary>The per-row result file of an accepted upload.</summary>
    public static string Result(IReadOnlyList<(int Line, SwitchInRequest Request)> rows, IReadOnlyList<ApplicationView> accepted)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(accepted);
        var csv = new StringBuilder("line,application_number,supply_point_id,status,switch_date,deadline\n");
        for (var i = 0; i < accepted.Count; i++)
        {
            var a = accepted[i];
            csv.Append(CultureInfo.InvariantCulture, $"{rows[i].Line},{a.Number},{a.SupplyPointId},{a.Status},{a.SwitchDate:yyyy-MM-dd},{a.Deadline:yyyy-MM-dd}\n");
        }

        return csv.ToString();
    }

    private static BatchError Error(int line, string field, string message) =>
        new(line, MalformedCode, field, message, "ファイル形式の誤り");
}
