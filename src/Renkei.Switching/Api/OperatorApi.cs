using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Api;

/// <summary>
/// <c>GET /internal/v1/operator/summary</c>: the switching part of the operator dashboard: applications per kind
/// and status, and the 廃止取次 awaiting a decision with their deadlines (soonest first). Counts and relay numbers
/// only: no customer's name or address. Reached through the gateway's operator route only. The TSO's reads of an
/// application's attachments are here too (<see cref="AttachmentsApi"/>).
/// </summary>
public static class OperatorApi
{
    public const int MaxAwaiting = 100;

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/v1/operator/summary", GetSummary);
        app.MapGet("/internal/v1/operator/reconciliation/{area}", Tso.Hub.ContractReconciliation.Reconcile);
        app.MapGet("/internal/v1/operator/applications/{number}/attachments", AttachmentsApi.ListForTso);
        app.MapGet("/internal/v1/operator/applications/{number}/attachments/{attachment:int}", AttachmentsApi.DownloadForTso);
        app.MapGet("/internal/v1/operator/alerts", (Renkei.Hosting.Observability.NodeConditions conditions) => TypedResults.Ok(conditions.Report()));
        return app;
    }

    internal static async Task<Ok<SwitchingSummary>> GetSummary(SwitchingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var counts = await db.Applications.AsNoTracking()
            .GroupBy(a => new { a.Kind, a.Status })
            .Select(g => new { g.Key.Kind, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var relayCounts = await db.CancellationRelays.AsNoTracking()
            .GroupBy(r => r.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var awaiting = await db.CancellationRelays.AsNoTracking()
            .Where(r => r.Status == RelayStatus.AwaitingDecision)
            .OrderBy(r => r.Deadline).ThenBy(r => r.Id)
            .Take(MaxAwaiting)
            .Select(r => new AwaitingRelay(r.Number, r.SupplyPointId, r.NewRetailerCode, r.CurrentRetailerCode, r.WishedDate, r.Deadline, r.CreatedAt))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var today = Domain.Time.Jst.Today(clock);
        return TypedResults.Ok(new SwitchingSummary(
            today,
            [.. counts.OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Status, StringComparer.Ordinal)
                .Select(c => new KindStatusCount(c.Kind, c.Status, ApplicationStatus.NameOf(c.Status), c.Count))],
            [.. relayCounts.OrderBy(c => c.Status, StringComparer.Ordinal).Select(c => new RelayStatusCount(c.Status, RelayStatus.NameOf(c.Status), c.Count))],
            awaiting));
    }
}
