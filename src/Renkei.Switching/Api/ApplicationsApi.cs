using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Applications.Validation;

namespace Renkei.Switching.Api;

/// <summary>
/// The internal application API under <c>/internal/v1</c>. The caller's retailer code comes from the
/// <c>X-Renkei-Retailer</c> header, which the gateway sets from the access token (and strips from clients).
/// Resources of other retailers answer 404, the same as resources that do not exist.
/// </summary>
public static class ApplicationsApi
{
    public const string RetailerHeader = "X-Renkei-Retailer";
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The largest bulk file accepted (10,000 lines fit easily).</summary>
    public const long MaxBulkBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/v1");
        api.MapPost("/applications/switch-in", SwitchIn).WithName("IF_10610");
        api.MapPost("/applications/switch-out", SwitchOut).WithName("IF_10710");
        api.MapPost("/applications/move-in", MoveIn).WithName("IF_10410");
        api.MapPost("/applications/move-out", MoveOut).WithName("IF_10510");
        api.MapPost("/applications/customer-details", CustomerDetails).WithName("IF_10810");
        api.MapPost("/applications/ampere-change", AmpereChange).WithName("IF_10910");
        api.MapPost("/applications/usage-information", UsageInformation).WithName("IF_10210");
        api.MapGet("/applications/{number}/usage", GetUsage).WithName("IF_10310");
        api.MapPost("/supply-points/{id}/consent-passwords", IssueConsentPassword);
        api.MapGet("/applications", ListApplications);
        api.MapGet("/applications/{number}", GetApplication);
        api.MapGet("/applications/{number}/history", GetHistory);
        api.MapPost("/applications/{number}/withdraw", Withdraw);
        api.MapPost("/applications/{number}/correction", Correct);
        api.MapPost("/cancellation-relays/{number}/withdraw", WithdrawRelay);

        // 差戻し is the TSO's (or an operator's) step: under /tso/, which the gateway does not route to retailers.
        api.MapPost("/tso/applications/{number}/return", ReturnForCorrection);
        api.MapPost("/cancellation-relays", RegisterRelay).WithName("IS_20110");
        api.MapGet("/cancellation-relays", InquireRelays).WithName("IS_20310");
        api.MapGet("/cancellation-relays/{number}", GetRelay).WithName("IS_20210");
        api.MapPost("/cancellation-relays/{number}/decision", DecideRelay).WithName("IS_20410");
        api.MapGet("/changes", GetEvents).WithName("IF_11110");
        api.MapPost("/bulk/switch-ins", UploadSwitchIns);
        api.MapPost("/bulk/cancellation-relays", UploadRelays);
        api.MapGet("/bulk/applications", DownloadApplications);
        api.MapGet("/notifications", PeekNotifications);
        api.MapPost("/notifications/ack", AcknowledgeNotifications);
        return app;
    }

    internal static Task<IResult> SwitchIn(HttpContext http, SwitchingService service, [FromBody] SwitchInRequest request, bool? dryRun, CancellationToken cancellationToken) =>
        Submit(http, dryRun, (caller, key, dry) => service.SubmitSwitchInAsync(caller, request, key, dry, cancellationToken), v => $"/internal/v1/applications/{v.Number}");

    internal static Task<IResult> SwitchOut(HttpContext http, SwitchingService service, [FromBody] SwitchOutRequest request, bool? dryRun, CancellationToken cancellationToken) =>
        Submit(http, dryRun, (caller, key, dry) => service.SubmitSwitchOutAsync(caller, request, key, dry, cancellationToken), v => $"/internal/v1/applications/{v.Number}");

    internal static Task<IResult> MoveIn(HttpContext http, SwitchingService service, [FromBody] Applications.IF_10410_MoveIn.MoveInRequest request, bool? dryRun, CancellationToken cancellationToken) =>
        Submit(http, dryRun, (caller, key, dry) => service.SubmitMoveInAsync(caller, request, key, dry, cancellationToken), v => $"/internal/v1/applications/{v.Number}");

    internal static Task<IResult> MoveOut(HttpContext http, SwitchingService service, [FromBody] Applications.IF_10510_MoveOut.MoveOutRequest request, bool? dryRun, CancellationToken cancellationToken) =>
        Submit(http, dryRun, (caller, key, dry) => service.SubmitMoveOutAsync(caller, request, key, dry, cancellationToken), v => $"/internal/v1/applications/{v.Number}");

    internal static Task<IResult> CustomerDetails(HttpContext http, SwitchingService service, [FromBody] Applications.IF_10810_CustomerDetails.CustomerDetailsRequest request, bool? dryRun, CancellationToken cancellationToken) =>
        Submit(http, dryRun, (caller, key, dry) => service.SubmitCustomerDetailsAsync(caller, request, key, dry, cancellationToken), v => $"/internal/v1/applications/{v.Number}");

    internal static Task<IResult> AmpereChange(HttpContext http, SwitchingService service, [FromBody] Applications.IF_10910_AmpereChange.AmpereChangeRequest request, bool? dryRun, CancellationToken cancellationToken) =>
        Submit(http, dryRun, (caller, key, dry) => service.SubmitAmpereChangeAsync(caller, request, key, dry, cancellationToken), v => $"/internal/v1/applications/{v.Number}");

    internal static async Task<IResult> UsageInformation(HttpContext http, SwitchingService service, [FromBody] Applications.IF_10210_UsageInformation.UsageInformationRequest request, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        if (RequireKey(http, out var key) is { } missing)
        {
            return missing;
        }

        var outcome = await service.ApplyForUsageInformationAsync(caller, request, key, cancellationToken).ConfigureAwait(false);
        if (outcome.Errors.Any(e => e.Code == SwitchingService.ConsentLockedCode))
        {
            return TypedResults.Problem(outcome.Errors[0].Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Locked", extensions: new Dictionary<string, object?> { ["errors"] = outcome.Errors });
        }

        return Answer(http, outcome, v => $"/internal/v1/applications/{v.ApplicationNumber}/usage", StatusCodes.Status201Created);
    }

    internal static async Task<IResult> GetUsage(HttpContext http, SwitchingService service, string number, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        try
        {
            var usage = await service.GetUsageValuesAsync(caller, number, cancellationToken).ConfigureAwait(false);
            return usage is null ? NotFound("application", number) : TypedResults.Ok(usage);
        }
        catch (Applications.IF_10310_UsageValues.UsageValuesUnavailableException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Usage values unavailable");
        }
    }

    internal static async Task<IResult> IssueConsentPassword(HttpContext http, SwitchingService service, string id, [FromBody] Applications.IF_10210_UsageInformation.ConsentPasswordRequest request, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        if (RequireKey(http, out var key) is { } missing)
        {
            return missing;
        }

        var outcome = await service.IssueConsentPasswordAsync(caller, id, request, key, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("supply point", id) : Answer(http, outcome, null, StatusCodes.Status200OK);
    }

    internal static Task<IResult> RegisterRelay(HttpContext http, SwitchingService service, [FromBody] RelayRegistrationRequest request, bool? dryRun, CancellationToken cancellationToken) =>
        Submit(http, dryRun, (caller, key, dry) => service.RegisterRelayAsync(caller, request, key, dry, cancellationToken), v => $"/internal/v1/cancellation-relays/{v.Number}");

    internal static async Task<IResult> DecideRelay(HttpContext http, SwitchingService service, string number, [FromBody] RelayDecisionRequest request, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        if (RequireKey(http, out var key) is { } missing)
        {
            return missing;
        }

        var outcome = await service.DecideRelayAsync(caller, number, request, key, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("cancellation relay", number) : Answer(http, outcome, null, StatusCodes.Status200OK);
    }

    internal static async Task<IResult> GetApplication(HttpContext http, SwitchingService service, string number, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        var view = await service.GetApplicationAsync(caller, number, cancellationToken).ConfigureAwait(false);
        return view is null ? NotFound("application", number) : TypedResults.Ok(view);
    }

    internal static async Task<IResult> ListApplications(HttpContext http, SwitchingService service, int? limit, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        var take = limit ?? 100;
        if (take is < 1 or > 1000)
        {
            return TypedResults.Problem("limit must be 1 to 1000", statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit");
        }

        return TypedResults.Ok(await service.ListApplicationsAsync(caller, take, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<IResult> GetHistory(HttpContext http, SwitchingService service, string number, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        var history = await service.GetApplicationHistoryAsync(caller, number, cancellationToken).ConfigureAwait(false);
        return history is null ? NotFound("application", number) : TypedResults.Ok(history);
    }

    internal static async Task<IResult> Withdraw(HttpContext http, SwitchingService service, string number, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        if (RequireKey(http, out var key) is { } missing)
        {
            return missing;
        }

        var outcome = await service.WithdrawAsync(caller, number, key, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("application", number) : Answer(http, outcome, null, StatusCodes.Status200OK);
    }

    /// <summary>訂正 (更新フラグ 2): the corrected body of a returned application, with an Idempotency-Key.</summary>
    internal static async Task<IResult> Correct(HttpContext http, SwitchingService service, string number, [FromBody] System.Text.Json.JsonElement body, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        if (RequireKey(http, out var key) is { } missing)
        {
            return missing;
        }

        var outcome = await service.CorrectAsync(caller, number, body, key, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("application", number) : Answer(http, outcome, null, StatusCodes.Status200OK);
    }

    /// <summary>取下げ of a 廃止取次 by its new retailer, before matching.</summary>
    internal static async Task<IResult> WithdrawRelay(HttpContext http, SwitchingService service, string number, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        if (RequireKey(http, out var key) is { } missing)
        {
            return missing;
        }

        var outcome = await service.WithdrawRelayAsync(caller, number, key, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("cancellation relay", number) : Answer(http, outcome, null, StatusCodes.Status200OK);
    }

    /// <summary>差戻し: the TSO returns an open switch-in or switch-out to its retailer for correction.</summary>
    internal static async Task<IResult> ReturnForCorrection(SwitchingService service, string number, [FromBody] Applications.Correction.ReturnRequest request, CancellationToken cancellationToken)
    {
        var outcome = await service.ReturnForCorrectionAsync(number, request, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("application", number) : RuleOrOk(outcome);
    }

    private static IResult RuleOrOk<T>(Submission<T> outcome)
        where T : class =>
        outcome.Accepted ? TypedResults.Ok(outcome.Result) : RuleProblem(outcome.Errors, null);

    internal static async Task<IResult> InquireRelays(HttpContext http, SwitchingService service, bool? all, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        return TypedResults.Ok(await service.InquireRelaysAsync(caller, all ?? false, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<IResult> GetRelay(HttpContext http, SwitchingService service, string number, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        var view = await service.GetRelayAsync(caller, number, cancellationToken).ConfigureAwait(false);
        return view is null ? NotFound("cancellation relay", number) : TypedResults.Ok(view);
    }

    internal static async Task<IResult> GetEvents(HttpContext http, SwitchingService service, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        if (limit is < 1 or > 1000 || after < 0)
        {
            return TypedResults.Problem("limit must be 1 to 1000 and after must not be negative", statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor");
        }

        return TypedResults.Ok(await service.GetEventsAsync(caller, after ?? 0, limit ?? 100, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<IResult> PeekNotifications(HttpContext http, SwitchingService service, int? limit, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        if (limit is < 1 or > 1000)
        {
            return TypedResults.Problem("limit must be 1 to 1000", statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit");
        }

        return TypedResults.Ok(await service.PeekNotificationsAsync(caller, limit ?? 100, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<IResult> AcknowledgeNotifications(HttpContext http, SwitchingService service, [FromBody] AcknowledgeRequest request, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        var outcome = await service.AcknowledgeAsync(caller, request.UpTo, cancellationToken).ConfigureAwait(false);
        return outcome.Accepted ? TypedResults.Ok(new { acknowledged = outcome.Result!.Next }) : RuleProblem(outcome.Errors, null);
    }

    /// <summary>一括申請: a CSV file of switch-ins, accepted whole (per-row result file) or rejected whole (every error with its line).</summary>
    internal static Task<IResult> UploadSwitchIns(HttpContext http, SwitchingService service, CancellationToken cancellationToken) =>
        Upload(http, Bulk.BulkUploads.ParseSwitchIns, (caller, rows, key) => service.SubmitSwitchInBatchAsync(caller, rows, key, cancellationToken), Bulk.BulkUploads.SwitchInsResult, cancellationToken);

    /// <summary>一括申請 of 廃止取次 registrations, as <see cref="UploadSwitchIns"/>.</summary>
    internal static Task<IResult> UploadRelays(HttpContext http, SwitchingService service, CancellationToken cancellationToken) =>
        Upload(http, Bulk.BulkUploads.ParseRelays, (caller, rows, key) => service.SubmitRelayBatchAsync(caller, rows, key, cancellationToken), Bulk.BulkUploads.RelaysResult, cancellationToken);

    private static async Task<IResult> Upload<TRequest, TView>(
        HttpContext http,
        Func<string, (List<(int Line, TRequest Request)> Rows, List<BatchError> Errors)> parse,
        Func<string, IReadOnlyList<(int Line, TRequest Request)>, string, Task<BatchOutcome<TView>>> submit,
        Func<IReadOnlyList<(int Line, TRequest Request)>, IReadOnlyList<TView>, string> result,
        CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        if (RequireKey(http, out var key) is { } missing)
        {
            return missing;
        }

        if (http.Request.ContentLength > MaxBulkBytes)
        {
            return TypedResults.Problem($"the file is larger than {MaxBulkBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");
        }

        using var reader = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (text.Length > MaxBulkBytes)
        {
            return TypedResults.Problem($"the file is larger than {MaxBulkBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");
        }

        var (rows, malformed) = parse(text);
        if (malformed.Count > 0)
        {
            return BatchProblem(malformed, StatusCodes.Status400BadRequest, "Malformed file");
        }

        var outcome = await submit(caller, rows, key).ConfigureAwait(false);
        if (!outcome.IsAccepted)
        {
            var conflict = outcome.Errors.Any(e => e.Code == SwitchingService.IdempotencyConflictCode);
            return BatchProblem(outcome.Errors, conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity, "The file was rejected; nothing was applied");
        }

        if (outcome.Replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        return TypedResults.Text(result(rows, outcome.Accepted), "text/csv; charset=utf-8");
    }

    internal static async Task<IResult> DownloadApplications(HttpContext http, Store.SwitchingDbContext db, CancellationToken cancellationToken)
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        return TypedResults.Text(await Bulk.ApplicationsDownload.WriteAsync(db, caller, cancellationToken).ConfigureAwait(false), "text/csv; charset=utf-8");
    }

    private static ProblemHttpResult BatchProblem(IReadOnlyList<BatchError> errors, int status, string title) =>
        TypedResults.Problem(
            detail: string.Join("; ", errors.Take(20).Select(e => $"line {e.Line} {e.Code} {e.Field}: {e.Message}")),
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static async Task<IResult> Submit<T>(HttpContext http, bool? dryRun, Func<string, string?, bool, Task<Submission<T>>> submit, Func<T, string> location)
        where T : class
    {
        if (Caller(http) is not { } caller)
        {
            return MissingCaller();
        }

        var dry = dryRun ?? false;
        string? key = null;
        if (!dry && RequireKey(http, out key) is { } missing)
        {
            return missing;
        }

        if (dry)
        {
            // A dry run commits nothing, so it needs no key; one sent must still be well-formed.
            key = IdempotencyKey(http);
            if (key is { Length: > 100 })
            {
                return InvalidKey(key);
            }
        }

        var outcome = await submit(caller, key, dry).ConfigureAwait(false);
        return Answer(http, outcome, location, StatusCodes.Status201Created);
    }

    private static IResult Answer<T>(HttpContext http, Submission<T> outcome, Func<T, string>? location, int acceptedStatus)
        where T : class
    {
        if (outcome.DryRun)
        {
            return TypedResults.Ok(new DryRunResult(outcome.Accepted, outcome.EarliestDate, outcome.EffectiveDate, outcome.Errors));
        }

        if (!outcome.Accepted)
        {
            return RuleProblem(outcome.Errors, outcome.EarliestDate);
        }

        if (outcome.Replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        return acceptedStatus == StatusCodes.Status201Created && location is not null
            ? TypedResults.Created(location(outcome.Result!), outcome.Result)
            : TypedResults.Ok(outcome.Result);
    }

    /// <summary>RFC 9457 problem details listing every failed rule with its code, field and messages.</summary>
    internal static IResult RuleProblem(IReadOnlyList<RuleViolation> errors, DateOnly? earliest)
    {
        var extensions = new Dictionary<string, object?> { ["errors"] = errors };
        if (earliest is not null)
        {
            extensions["earliestDate"] = earliest;
        }

        var conflict = errors.Any(e => e.Code == SwitchingService.IdempotencyConflictCode);
        return TypedResults.Problem(
            detail: string.Join("; ", errors.Select(e => $"{e.Code} {e.Field}: {e.Message}")),
            statusCode: conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            title: errors.Count == 1 ? "1 rule failed" : $"{errors.Count} rules failed",
            extensions: extensions);
    }

    private static string? Caller(HttpContext http)
    {
        var value = http.Request.Headers[RetailerHeader].ToString();
        return RetailerCode.TryParse(value, out var code, out _) ? code.Value : null;
    }

    /// <summary>
    /// Every submission (every POST that creates or changes state, except a dry run) needs an Idempotency-Key of 1 to
    /// 100 characters: null and the key when it has one, else the 400 problem details naming the header.
    /// </summary>
    private static ProblemHttpResult? RequireKey(HttpContext http, out string key)
    {
        key = IdempotencyKey(http) ?? string.Empty;
        if (string.IsNullOrWhiteSpace(key))
        {
            return TypedResults.Problem(
                $"every submission needs the {IdempotencyHeader} header (1 to 100 characters), so that a repeat returns the first result",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Missing idempotency key");
        }

        return key.Length > 100 ? InvalidKey(key) : null;
    }

    private static ProblemHttpResult InvalidKey(string key) =>
        TypedResults.Problem($"{IdempotencyHeader} has {key.Length} characters; at most 100", statusCode: StatusCodes.Status400BadRequest, title: "Invalid idempotency key");

    private static string? IdempotencyKey(HttpContext http)
    {
        var value = http.Request.Headers[IdempotencyHeader].ToString();
        return value.Length == 0 ? null : value;
    }

    private static ProblemHttpResult MissingCaller() =>
        TypedResults.Problem(
            $"the {RetailerHeader} header (the caller's 5-character retailer code, set by the gateway) is missing or malformed",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unknown caller");

    private static ProblemHttpResult NotFound(string what, string number) =>
        TypedResults.Problem($"{what} {number} not found", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}

/// <summary>Acknowledges the notifications up to <paramref name="UpTo"/> (an event's seq), inclusive.</summary>
public sealed record AcknowledgeRequest(long UpTo);

/// <summary>The answer of a dry run: whether every rule holds, the earliest valid date, the date it would take, and every failed rule.</summary>
public sealed record DryRunResult(bool Valid, DateOnly? EarliestDate, DateOnly? EffectiveDate, IReadOnlyList<RuleViolation> Errors);
