using System.Globalization;
using System.Text;
using Renkei.Domain.Identifiers;
using Renkei.Formats.Text;

namespace Renkei.Formats.Switching;

/// <summary>
/// 一括申請 of 廃止取次 registrations (docs/formats.md): header
/// <c>supply_point_id,contract_number,holder_name,holder_name_kana,address,wished_date,contact,phone</c>; the
/// first, second, third, fifth and sixth columns are required. Checked whole first, like <see cref="SwitchInsFile"/>.
/// </summary>
public static class RelaysFile
{
    public const string ResultHeader = "line,relay_number,supply_point_id,status,current_retailer_code,wished_date,deadline";

    private static readonly string[] Required = ["supply_point_id", "contract_number", "holder_name", "address", "wished_date"];
    private static readonly string[] Known = ["supply_point_id", "contract_number", "holder_name", "holder_name_kana", "address", "wished_date", "contact", "phone"];

    /// <summary>Parses the file, or returns every syntax error with its line (and no rows).</summary>
    public static (List<RelayRow> Rows, List<FormatError> Errors) Parse(string text)
    {
        var rows = new List<RelayRow>();
        var errors = new List<FormatError>();
        var (records, faults) = CsvText.ReadAll(text);
        errors.AddRange(faults);
        if (records.Count == 0 || faults.Any(f => f.Line < records[0].Line))
        {
            if (errors.Count == 0)
            {
                errors.Add(new(1, "file", "the file needs the header and at least one registration"));
            }

            return ([], errors);
        }

        if (records.Count < 2 && faults.Count == 0)
        {
            errors.Add(new(1, "file", "the file needs the header and at least one registration"));
            return ([], errors);
        }

        var header = records[0].Fields.Select(f => f.Trim()).ToArray();
        foreach (var name in header.Where(n => !Known.Contains(n)))
        {
            errors.Add(new(1, name.Length == 0 ? "header" : Echo.Prefix(name), $"unknown column '{Echo.Prefix(name)}'; the columns are {string.Join(", ", Known)}"));
        }

        foreach (var name in Required.Where(n => !header.Contains(n)))
        {
            errors.Add(new(1, name, $"the column {name} is required"));
        }

        if (header.Distinct().Count() != header.Length)
        {
            errors.Add(new(1, "header", "a column is named twice"));
        }

        if (records.Count - 1 > SwitchInsFile.MaxRows)
        {
            errors.Add(new(0, "file", string.Create(CultureInfo.InvariantCulture, $"the file has {records.Count - 1} lines; at most {SwitchInsFile.MaxRows} per file")));
        }

        if (errors.Count > faults.Count)
        {
            return ([], errors);
        }

        string? Get(string[] fields, string column)
        {
            var i = Array.IndexOf(header, column);
            return i < 0 || fields[i].Trim().Length == 0 ? null : fields[i].Trim();
        }

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

            var point = Get(fields, "supply_point_id");
            if (!SupplyPointId.TryParse(point, out _, out var idError))
            {
                errors.Add(new(line, "supply_point_id", idError));
            }

            DateOnly? wished = null;
            if (Get(fields, "wished_date") is { } w)
            {
                if (DateText.TryParse(w, out var d))
                {
                    wished = d;
                }
                else
                {
                    errors.Add(new(line, "wished_date", $"'{Echo.Prefix(w)}' is not a date YYYY-MM-DD"));
                }
            }

            rows.Add(new RelayRow(line, point, Get(fields, "contract_number"), Get(fields, "holder_name"), Get(fields, "holder_name_kana"),
                Get(fields, "address"), wished, Get(fields, "contact"), Get(fields, "phone")));
        }

        BulkRows.Twice(rows, r => r.Line, r => r.SupplyPointId, "supply_point_id", "supply point", errors);
        return errors.Count > 0 ? ([], BulkRows.InLineOrder(errors)) : (rows, errors);
    }

    /// <summary>The per-row result file of an accepted upload.</summary>
    public static string Result(IEnumerable<RelayResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var csv = new StringBuilder(ResultHeader).Append('\n');
        foreach (var r in results)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Line},{r.RelayNumber},{r.SupplyPointId},{r.Status},{r.CurrentRetailerCode},{DateText.Format(r.WishedDate)},{DateText.Format(r.Deadline)}\n");
        }

        return csv.ToString();
    }
}

/// <summary>One 廃止取次 registration of the file, on its line; a column left empty is null.</summary>
public sealed record RelayRow(
    int Line, string? SupplyPointId, string? ContractNumber, string? HolderName, string? HolderNameKana, string? Address, DateOnly? WishedDate, string? Contact, string? Phone);

/// <summary>One accepted registration in the result file.</summary>
public sealed record RelayResult(int Line, string RelayNumber, string SupplyPointId, string Status, string CurrentRetailerCode, DateOnly WishedDate, DateOnly Deadline);
