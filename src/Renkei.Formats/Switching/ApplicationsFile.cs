using System.Globalization;
using System.Text;

namespace Renkei.Formats.Switching;

/// <summary>The CSV download of a retailer's applications, with the 廃止取次 number and NG reasons (docs/formats.md).</summary>
public static class ApplicationsFile
{
    public const string Header = "application_number,kind,supply_point_id,status,status_name,requested_date,switch_date,deadline,relay_number,relay_status,ng_reasons,reason_code,reason_message,created_at,updated_at";

    private const string Timestamp = "yyyy-MM-ddTHH:mm:ssZ";

    public static string Write(IEnumerable<ApplicationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var a in rows)
        {
            csv.AppendJoin(
                ',',
                a.Number,
                a.Kind,
                a.SupplyPointId,
                a.Status,
                a.StatusName,
                CsvText.Date(a.RequestedDate),
                CsvText.Date(a.SwitchDate),
                CsvText.Date(a.Deadline),
                a.RelayNumber ?? string.Empty,
                a.RelayStatus ?? string.Empty,
                CsvText.Field(a.NgReasons?.Replace(',', ' ')),
                a.ReasonCode ?? string.Empty,
                CsvText.Field(a.ReasonMessage),
                a.CreatedAt.ToString(Timestamp, CultureInfo.InvariantCulture),
                a.UpdatedAt.ToString(Timestamp, CultureInfo.InvariantCulture));
            csv.Append('\n');
        }

        return csv.ToString();
    }
}

/// <summary>One application as a line of the download; <c>NgReasons</c> as stored (its commas become spaces).</summary>
public sealed record ApplicationRow(
    string Number,
    string Kind,
    string SupplyPointId,
    string Status,
    string StatusName,
    DateOnly? RequestedDate,
    DateOnly? SwitchDate,
    DateOnly? Deadline,
    string? RelayNumber,
    string? RelayStatus,
    string? NgReasons,
    string? ReasonCode,
    string? ReasonMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
