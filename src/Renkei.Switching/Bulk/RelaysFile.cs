using System.Globalization;
using System.Text;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;

namespace Renkei.Switching.Bulk;

/// <summary>
/// 一括申請 of 廃止取次 registrations (docs/formats.md): header
/// <c>supply_point_id,contract_number,holder_name,holder_name_kana,address,wished_date,contact,phone</c>; the
/// first, second, third, fifth and sixth columns are required. Checked whole first, like <see cref="SwitchInsFile"/>.
/// </summary>
public static class RelaysFile
{
    private static readonly string[] Required = ["supply_point_id", "contract_number", "holder_name", "address", "wished_date"];
    private static readonly string[] Known = ["supply_point_id", "contract_number", "holder_name", "holder_name_kana", "address", "wished_date", "contact", "phone"];

    public static (List<(int Line, RelayRegistrationRequest Request)> Rows, List<BatchError> Errors) Parse(string text)
    {
        var rows = new List<(int, RelayRegistrationRequest)>();
        var errors = new List<BatchError>();
        var records = CsvText.Read(text, out var csvError);
        if (csvError is not null)
        {
            errors.Add(Error(0, "file", csvError));
            return ([], errors);
        }

        if (records.Count < 2)
        {
            errors.Add(Error(1, "file", "the file needs the header and at least one registration"));
            return ([], errors);
        }

        var header = records[0].Fields.Select(f => f.Trim()).ToArray();
        foreach (var name in header.Where(n => !Known.Contains(n)))
        {
            errors.Add(Error(1, name, $"unknown column '{name}'; the columns are {string.Join(", ", Known)}"));
        }

        foreach (var name in Required.Where(n => !header.Contains(n)))
        {
            errors.Add(Error(1, name, $"the column {name} is required"));
        }

        if (header.Distinct().Count() != header.Length)
        {
            errors.Add(Error(1, "header", "a column is named twice"));
        }

        if (records.Count - 1 > SwitchInsFile.MaxRows)
        {
            errors.Add(Error(0, "file", string.Create(CultureInfo.InvariantCulture, $"the file has {records.Count - 1} lines; at most {SwitchInsFile.MaxRows} per file")));
        }

        if (errors.Count > 0)
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
                errors.Add(Error(line, "line", string.Create(CultureInfo.InvariantCulture, $"{fields.Length} fields; the header has {header.Length}")));
                continue;
            }

            var point = Get(fields, "supply_point_id");
            if (!SupplyPointId.TryParse(point, out _, out var idError))
            {
                errors.Add(Error(line, "supply_point_id", idError));
            }

            DateOnly? wished = null;
            if (Get(fields, "wished_date") is { } w)
            {
                if (DateOnly.TryParseExact(w, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    wished = d;
                }
                else
                {
                    errors.Add(Error(line, "wished_date", $"'{w}' is not a date YYYY-MM-DD"));
                }
            }

            rows.Add((line, new RelayRegistrationRequest(point, Get(fields, "contract_number"), Get(fields, "holder_name"), Get(fields, "holder_name_kana"),
                Get(fields, "address"), wished, Get(fields, "contact"), Get(fields, "phone"))));
        }

        return errors.Count > 0 ? ([], errors) : (rows, errors);
    }

    /// <summary>The per-row result file of an accepted upload.</summary>
    public static string Result(IReadOnlyList<(int Line, RelayRegistrationRequest Request)> rows, IReadOnlyList<RelayView> accepted)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(accepted);
        var csv = new StringBuilder("line,relay_number,supply_point_id,status,current_retailer_code,wished_date,deadline\n");
        for (var i = 0; i < accepted.Count; i++)
        {
            var r = accepted[i];
            csv.Append(CultureInfo.InvariantCulture, $"{rows[i].Line},{r.Number},{r.SupplyPointId},{r.Status},{r.CurrentRetailerCode},{r.WishedDate:yyyy-MM-dd},{r.Deadline:yyyy-MM-dd}\n");
        }

        return csv.ToString();
    }

    private static BatchError Error(int line, string field, string message) =>
        new(line, SwitchInsFile.MalformedCode, field, message, "ファイル形式の誤り");
}
