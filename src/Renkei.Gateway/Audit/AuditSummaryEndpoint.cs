using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Gateway.Callers;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Audit;

/// <summary>
/// <c>GET /api/v1/operator/audit/summary?date=YYYY-MM-DD</c> (JST day; default today): the gateway's own answer
/// from its audit log, for operators only (the operator policy).
/// </summary>
internal static class AuditSummaryEndpoint
{
    public const string Path = "/api/v1/operator/audit/summary";

    private const int MaxEntries = 1_000_000;

    public static IEndpointRouteBuilder MapAuditSummary(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, SummariseAsync).RequireAuthorization(RenkeiClaims.OperatorPolicy);
        return app;
    }

    internal static async Task<IResult> SummariseAsync(HttpContext context, AuditLog log, TimeProvider clock, string? date)
    {
        DateOnly day;
        if (date is null)
        {
            day = Jst.Today(clock);
        }
        else if (!DateText.TryParse(date, out day))
        {
            AuditFacts.Of(context).Reason = "invalid date";
            return Results.Problem("date must be YYYY-MM-DD", statusCode: StatusCodes.Status400BadRequest, title: "Invalid date");
        }

        AuditFacts.Of(context).Date = DateText.Format(day);
        var from = Jst.StartOfDay(day);
        var until = Jst.StartOfDay(day.AddDays(1));
        var entries = await log.QueryAsync(new AuditQuery { Since = from, Until = until, Limit = MaxEntries }).ConfigureAwait(false);
        return Results.Ok(Summarise(entries, from, until));
    }

    public static AuditSummary Summarise(IReadOnlyList<AuditEntry> entries, DateTimeOffset from, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var byStatus = new SortedDictionary<int, int>();
        var deniedBy = new Dictionary<string, int>(StringComparer.Ordinal);
        var hours = new AuditHourCount[(int)Math.Ceiling((until - from).TotalHours)];
        for (var h = 0; h < hours.Length; h++)
        {
            hours[h] = new AuditHourCount(Jst.ToJst(from.AddHours(h)), 0, 0);
        }

        int allowed = 0, denied = 0, locked = 0, failedLogins = 0;
        var latest = new Queue<AuditEntry>();
        foreach (var e in entries)
        {
            byStatus[e.Status] = byStatus.GetValueOrDefault(e.Status) + 1;
            var isDenied = e.Outcome == AuditEntry.Denied;
            var h = (int)((e.At - from).TotalHours);
            if (h >= 0 && h < hours.Length)
            {
                hours[h] = hours[h] with { Requests = hours[h].Requests + 1, Denied = hours[h].Denied + (isDenied ? 1 : 0) };
            }

            if (!isDenied)
            {
                allowed++;
                continue;
            }

            denied++;
            var client = e.ClientId ?? "(anonymous) " + e.SourceAddress;
            deniedBy[client] = deniedBy.GetValueOrDefault(client) + 1;
            if (e.Reason is { } reason && reason.Contains("locked out", StringComparison.Ordinal))
            {
                locked++;
            }

            if (e.Path.StartsWith("/connect/token", StringComparison.Ordinal) && e.Status is 400 or 401)
            {
                failedLogins++;
            }

            latest.Enqueue(e);
            if (latest.Count > 20)
            {
                latest.Dequeue();
            }
        }

        var top = deniedBy.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(10)
            .Select(p => new AuditClientCount(p.Key, p.Value)).ToList();
        return new AuditSummary(from, until, entries.Count, allowed, denied, locked, failedLogins, byStatus, top, hours, [.. latest.Reverse().Select(e => new AuditEntryView(e.At, e.ClientId, e.Retailer, e.SourceAddress, e.Method, e.Path, e.SupplyPoint, e.Date, e.Status, e.Outcome, e.Reason))]);
    }
}
