using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Applications.IF_10210_UsageInformation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Api;

/// <summary>
/// The TSO operator's routes, reached through the gateway's operator routes only. <c>GET /internal/v1/operator/summary</c>:
/// the switching part of the operator dashboard: applications per kind and status, and the 廃止取次 awaiting a
/// decision with their deadlines (soonest first); counts and relay numbers only, no customer's name or address.
/// <c>POST /internal/v1/operator/supply-points/{id}/consent-passwords</c>: a low-voltage customer's consent password
/// issued by the TSO directly; the operator's name comes from <c>X-Renkei-Operator</c>, which the gateway sets from the
/// staff token. The TSO's reads of an application's attachments are here too (<see cref="AttachmentsApi"/>).
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
        app.MapPost(ConsentPasswordsPath, IssueConsentPassword)
            .Keyed()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public const string ConsentPasswordsPath = "/internal/v1/operator/supply-points/{id}/consent-passwords";

    /// <summary>
    /// 使用量照会パスワード from the TSO directly: 200 with the password (shown once; a repeat of the Idempotency-Key
    /// answers it without the password), 404 for an unknown point, 422 with the failed rules (not low voltage, the
    /// customer not matching the contract holder), 401 without the operator's name.
    /// </summary>
    internal static async Task<Results<Ok<ConsentPasswordIssued>, ProblemHttpResult>> IssueConsentPassword(
        HttpContext http, TsoConsentPasswordHandler handler, string id, [FromBody] TsoConsentPasswordRequest request, CancellationToken cancellationToken)
    {
        var operatorName = http.Request.Headers[InternalHeaders.Operator].ToString();
        if (string.IsNullOrWhiteSpace(operatorName) || operatorName.Length > 100)
        {
            return TypedResults.Problem(
                $"the {InternalHeaders.Operator} header (the operator's staff user name, set by the gateway from an operator's token) is missing or longer than 100 characters",
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unknown operator");
        }

        if (RetailerCallFilter.KeyProblem(http, IdempotencyKeyUse.Required, false, out var key) is { } problem)
        {
            return problem;
        }

        var outcome = await handler.IssueAsync(operatorName, id, request, key, cancellationToken).ConfigureAwait(false);
        if (outcome is null)
        {
            return TypedResults.Problem($"supply point {Renkei.Formats.Text.Echo.Prefix(id)} not found", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (!outcome.Accepted)
        {
            return ApplicationsApi.RuleProblem(outcome.Errors, null);
        }

        if (outcome.Replayed)
        {
            http.Response.Headers[ApplicationsApi.ReplayedHeader] = "true";
        }

        return TypedResults.Ok(outcome.Result!);
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
