using Microsoft.EntityFrameworkCore;
using Renkei.Formats.Switching;
using Renkei.Switching.Applications;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Bulk;

/// <summary>A retailer's applications from the store, as the CSV download (<see cref="ApplicationsFile"/>).</summary>
internal static class ApplicationsDownload
{
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
        return ApplicationsFile.Write(rows.Select(row => new ApplicationRow(
            row.a.Number,
            row.a.Kind,
            row.a.SupplyPointId,
            row.a.Status,
            ApplicationStatus.NameOf(row.a.Status),
            row.a.RequestedDate,
            row.a.SwitchDate,
            row.a.Deadline,
            row.a.RelayId is { } id ? Numbers.Relay(id) : null,
            row.RelayStatus,
            row.NgReasons,
            row.a.ReasonCode,
            row.a.ReasonMessage,
            row.a.CreatedAt,
            row.a.UpdatedAt)));
    }
}
