using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Bulk;

/// <summary>The CSV download of a retailer's applications, with the 廃止取次 number and NG reasons (docs/formats.md).</summary>
public static class ApplicationsFile
{
    public const string Header = "application_number,kind,supply_point_id,status,status_name,requested_date,switch_date,deadline,relay_number,relay_status,ng_reasons,reason_code,reason_message,created_at,updated_at";

    public static async Task<string> WriteAsync(SwitchingDbContext db, string retailer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await (from a in db.Applications.AsNoTracking()
                          where a.RetailerCode == retailer
                          join r in db.CancellationRelays.AsNoTracking() on a.RelayId equals r.Id into relays
                          from r in relays.DefaultIfEmpty()
                          orderby a.Id
                          select new { a, RelayStatus = r == null ? null : r.Status, r.NgReasons })
            .Take(100_000)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var row in rows)
        {
            var a = row.a;
            csv.AppendJoin(
                ',',
                a.Number,
                a.Kind,
                a.SupplyPointId,
                a.Status,
                ApplicationStatus.NameOf(a.Status),
                Date(a.RequestedDate),
                Date(a.SwitchDate),
                Date(a.Deadline),
                a.RelayId is { } id ? Numbers.Relay(id) : string.Empty,
                row.RelayStatus ?? string.Empty,
                CsvText.Field(row.NgReasons?.Replace(',', ' ')),
                a.ReasonCode ?? string.Empty,
                CsvText.Field(a.ReasonMessage),
                a.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                a.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            csv.Append('\n');
        }

        return csv.ToString();
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}
