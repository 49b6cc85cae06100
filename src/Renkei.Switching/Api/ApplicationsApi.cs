using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Renkei.Formats.Switching.Bulk;
using Renkei.Hosting.Http;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.Correction;
using Renkei.Switching.Applications.IF_10210_UsageInformation;
using Renkei.Switching.Applications.IF_10310_UsageValues;
using Renkei.Switching.Applications.IF_10410_MoveIn;
using Renkei.Switching.Applications.IF_10510_MoveOut;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.IF_11110_Changes;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Queries;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Applications.Withdrawal;
using Renkei.Switching.Bulk;

namespace Renkei.Switching.Api;

/// <summary>
/// The internal application API under <c>/internal/v1</c>. The caller's retailer code comes from the
/// <c>X-Renkei-Retailer</c> header, which the gateway sets from the access token (and strips from clients).
/// Resources of other retailers answer 404, the same as resources that do not exist. <see cref="RetailerCallFilter"/>
/// checks the caller and the Idempotency-Key of every retailer route once; each route hands its request to the
/// handler of its market process and answers a typed result, so the OpenAPI document lists every outcome.
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
        api.AddEndpointFilter<RetailerCallFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/applications/switch-in", SubmitApplication<SwitchInHandler, SwitchInRequest>).WithName("IF_10610").Keyed(IdempotencyKeyUse.RequiredUnlessDryRun);
        api.MapPost("/applications/switch-out", SubmitApplication<SwitchOutHandler, SwitchOutRequest>).WithName("IF_10710").Keyed(IdempotencyKeyUse.RequiredUnlessDryRun);
        api.MapPost("/applications/move-in", SubmitApplication<MoveInHandler, MoveInRequest>).WithName("IF_10410").Keyed(IdempotencyKeyUse.RequiredUnlessDryRun);
        api.MapPost("/applications/move-out", SubmitApplication<MoveOutHandler, MoveOutRequest>).WithName("IF_10510").Keyed(IdempotencyKeyUse.RequiredUnlessDryRun);
        api.MapPost("/applications/customer-details", SubmitApplication<CustomerDetailsHandler, CustomerDetailsRequest>).WithName("IF_10810").Keyed(IdempotencyKeyUse.RequiredUnlessDryRun);
        api.MapPost("/applications/ampere-change", SubmitApplication<AmpereChangeHandler, AmpereChangeRequest>).WithName("IF_10910").Keyed(IdempotencyKeyUse.RequiredUnlessDryRun);
        api.MapPost("/applications/usage-information", UsageInformation).WithName("IF_10210").Keyed();
        api.MapGet("/applications/{number}/usage", GetUsage).WithName("IF_10310");
        api.MapGet("/applications/{number}/attachments", AttachmentsApi.ListForRetailer).WithName("IF_10210-attachments");
        api.MapGet("/applications/{number}/attachments/{attachment:int}", AttachmentsApi.DownloadForRetailer).WithName("IF_10210-attachment");
        api.MapPost("/supply-points/{id}/consent-passwords", IssueConsentPassword).Keyed();
        api.MapGet("/applications", ListApplications);
        api.MapGet("/applications/{number}", GetApplication);
        api.MapGet("/applications/{number}/history", GetHistory);
        api.MapPost("/applications/{number}/withdraw", Withdraw).Keyed();
        api.MapPost("/applications/{number}/correction", Correct).Keyed();
        api.MapPost("/cancellation-relays/{number}/withdraw", WithdrawRelay).Keyed();
        api.MapPost("/cancellation-relays", RegisterRelay).WithName("IS_20110").Keyed(IdempotencyKeyUse.RequiredUnlessDryRun);
        api.MapGet("/cancellation-relays", InquireRelays).WithName("IS_20310");
        api.MapGet("/cancellation-relays/{number}", GetRelay).WithName("IS_20210");
        api.MapPost("/cancellation-relays/{number}/decision", DecideRelay).WithName("IS_20410").Keyed();
        api.MapGet("/changes", GetEvents).WithName("IF_11110");
        MapBulk<SwitchInHandler, SwitchInRequest, ApplicationView>(api, BulkKinds.SwitchIns, Shown);
        MapBulk<SwitchOutHandler, SwitchOutRequest, ApplicationView>(api, BulkKinds.SwitchOuts, Shown);
        MapBulk<MoveInHandler, MoveInRequest, ApplicationView>(api, BulkKinds.MoveIns, Shown);
        MapBulk<MoveOutHandler, MoveOutRequest, ApplicationView>(api, BulkKinds.MoveOuts, Shown);
        MapBulk<AmpereChangeHandler, AmpereChangeRequest, ApplicationView>(api, BulkKinds.AmpereChanges, Shown);
        MapBulk<CustomerDetailsHandler, CustomerDetailsRequest, ApplicationView>(api, BulkKinds.CustomerDetails, Shown);
        MapBulk<RelayRegistrationHandler, RelayRegistrationRequest, RelayView>(api, BulkKinds.CancellationRelays, r => new BulkShown(r.Number, r.Status, r.WishedDate));
        api.MapGet("/bulk/applications", DownloadApplications);
        api.MapGet("/notifications", PeekNotifications);
        api.MapPost("/notifications/ack", AcknowledgeNotifications);

        // 差戻し is the TSO's (or an operator's) step, without a retailer caller: under /tso/, which the gateway does
        // not route to retailers.
        app.MapGroup("/internal/v1/tso").MapPost("/applications/{number}/return", ReturnForCorrection);
        return app;
    }

    /// <summary>
    /// An application of a market process (IF_10410 … IF_10910): 201 with the application, 200 with a dry run's
    /// verdict, or the failed rules. <paramref name="dryRun"/> is read by <see cref="RetailerCallFilter"/>; it is a
    /// parameter here so that the OpenAPI document lists it.
    /// </summary>
    /// <remarks>
    /// The market's request envelope (<see cref="RequestEnvelope"/>) with 更新フラグ 2 or 3 is the correction or the
    /// withdrawal of the application it names, answered 200 as those routes answer; its 申込種別 must be a code of the
    /// route's kind, and the application of the route's kind (SW120, SW121).
    /// </remarks>
    internal static async Task<Results<Created<ApplicationView>, Ok<ApplicationView>, Ok<DryRunResult>, ProblemHttpResult>> SubmitApplication<THandler, TRequest>(
        HttpContext http, THandler handler, WithdrawalHandler withdrawals, CorrectionHandler corrections, [FromBody] TRequest request, bool? dryRun, CancellationToken cancellationToken)
        where THandler : ISubmitHandler<TRequest, ApplicationView>
        where TRequest : IEnveloped
    {
        if (request?.Envelope is { UpdateFlag: EnvelopeKinds.Correction or EnvelopeKinds.Withdrawal } envelope && dryRun != true)
        {
            var routeKind = EnvelopeRoutes.KindOf(typeof(TRequest));
            var errors = EnvelopeRules.ForMapping(routeKind, envelope, (request as MoveOutRequest)?.RemoveFacilities);
            if (errors.Count > 0)
            {
                return RuleProblem(errors, null);
            }

            var call = RetailerCall.Of(http);
            var number = envelope.ApplicationNumber!.Trim();
            var outcome = envelope.UpdateFlag == EnvelopeKinds.Withdrawal
                ? await withdrawals.WithdrawAsync(call.Caller, number, call.Key, cancellationToken, routeKind).ConfigureAwait(false)
                : await corrections.CorrectAsync(call.Caller, number, System.Text.Json.JsonSerializer.SerializeToElement(request, ApplicationPipeline.Json), call.Key, cancellationToken, routeKind).ConfigureAwait(false);
            if (outcome is null)
            {
                return NotFound("application", number);
            }

            if (!outcome.Accepted)
            {
                return RuleProblem(outcome.Errors, outcome.EarliestDate);
            }

            MarkReplayed(http, outcome);
            return TypedResults.Ok(outcome.Result!);
        }

        return await Submit(http, call => handler.SubmitAsync(call.Caller, request!, call.Key, call.DryRun, cancellationToken), v => ApplicationLocation(v.Number)).ConfigureAwait(false) switch
        {
            { Result: Created<ApplicationView> created } => created,
            { Result: Ok<DryRunResult> dry } => dry,
            { Result: ProblemHttpResult problem } => problem,
            var other => throw new InvalidOperationException($"unexpected result {other.Result}"),
        };
    }

    internal static Task<Results<Created<RelayView>, Ok<DryRunResult>, ProblemHttpResult>> RegisterRelay(
        HttpContext http, RelayRegistrationHandler handler, [FromBody] RelayRegistrationRequest request, bool? dryRun, CancellationToken cancellationToken) =>
        Submit(http, call => handler.SubmitAsync(call.Caller, request, call.Key, call.DryRun, cancellationToken), v => $"/internal/v1/cancellation-relays/{v.Number}");

    internal static async Task<Results<Created<UsageGrant>, ProblemHttpResult>> UsageInformation(
        HttpContext http, UsageInformationHandler handler, [FromBody] UsageInformationRequest request, CancellationToken cancellationToken)
    {
        var call = RetailerCall.Of(http);
        var outcome = await handler.ApplyForUsageInformationAsync(call.Caller, request, call.Key, cancellationToken).ConfigureAwait(false);
        if (outcome.Errors.Any(e => e.Code == UsageInformationHandler.ConsentLockedCode))
        {
            return TypedResults.Problem(outcome.Errors[0].Message, statusCode: StatusCodes.Status429TooManyRequests, title: "Locked", extensions: new Dictionary<string, object?> { ["errors"] = outcome.Errors });
        }

        if (!outcome.Accepted)
        {
            return RuleProblem(outcome.Errors, outcome.EarliestDate);
        }

        MarkReplayed(http, outcome);
        return TypedResults.Created($"/internal/v1/applications/{outcome.Result!.ApplicationNumber}/usage", outcome.Result);
    }

    internal static async Task<Results<Ok<UsageInformationView>, ProblemHttpResult>> GetUsage(HttpContext http, UsageValuesQuery query, string number, CancellationToken cancellationToken)
    {
        try
        {
            var usage = await query.GetUsageValuesAsync(RetailerCall.Of(http).Caller, number, cancellationToken).ConfigureAwait(false);
            return usage is null ? NotFound("application", number) : TypedResults.Ok(usage);
        }
        catch (UsageValuesUnavailableException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Usage values unavailable");
        }
    }

    internal static async Task<Results<Ok<ConsentPasswordIssued>, ProblemHttpResult>> IssueConsentPassword(
        HttpContext http, UsageInformationHandler handler, string id, [FromBody] ConsentPasswordRequest request, CancellationToken cancellationToken)
    {
        var call = RetailerCall.Of(http);
        var outcome = await handler.IssueConsentPasswordAsync(call.Caller, id, request, call.Key, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("supply point", id) : Answer(http, outcome);
    }

    internal static async Task<Results<Ok<RelayView>, ProblemHttpResult>> DecideRelay(
        HttpContext http, RelayDecisionHandler handler, string number, [FromBody] RelayDecisionRequest request, CancellationToken cancellationToken)
    {
        var call = RetailerCall.Of(http);
        var outcome = await handler.DecideAsync(call.Caller, number, request, call.Key, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("cancellation relay", number) : Answer(http, outcome);
    }

    /// <summary>業務処理状況確認: the status poll of the caller's application.</summary>
    internal static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> GetApplication(HttpContext http, ApplicationQueries queries, string number, CancellationToken cancellationToken)
    {
        var view = await queries.GetApplicationAsync(RetailerCall.Of(http).Caller, number, cancellationToken).ConfigureAwait(false);
        return view is null ? NotFound("application", number) : TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<IReadOnlyList<ApplicationView>>, ProblemHttpResult>> ListApplications(HttpContext http, ApplicationQueries queries, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000)
        {
            return TypedResults.Problem("limit must be 1 to 1000", statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit");
        }

        return TypedResults.Ok(await queries.ListApplicationsAsync(RetailerCall.Of(http).Caller, take, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<IReadOnlyList<AuditView>>, ProblemHttpResult>> GetHistory(HttpContext http, ApplicationQueries queries, string number, CancellationToken cancellationToken)
    {
        var history = await queries.GetApplicationHistoryAsync(RetailerCall.Of(http).Caller, number, cancellationToken).ConfigureAwait(false);
        return history is null ? NotFound("application", number) : TypedResults.Ok(history);
    }

    /// <summary>取下げ (更新フラグ 3) of the caller's application, before matching.</summary>
    internal static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> Withdraw(HttpContext http, WithdrawalHandler handler, string number, CancellationToken cancellationToken)
    {
        var call = RetailerCall.Of(http);
        var outcome = await handler.WithdrawAsync(call.Caller, number, call.Key, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("application", number) : Answer(http, outcome);
    }

    /// <summary>訂正 (更新フラグ 2): the corrected body of a returned application, with an Idempotency-Key.</summary>
    internal static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> Correct(
        HttpContext http, CorrectionHandler handler, string number, [FromBody] System.Text.Json.JsonElement body, CancellationToken cancellationToken)
    {
        if (JsonBodies.FindControlCharacter(body) is { } control)
        {
            return TypedResults.Problem(
                $"{control.Field}: {control.Message}",
                statusCode: StatusCodes.Status400BadRequest,
                title: JsonBodies.MalformedTitle,
                extensions: new Dictionary<string, object?> { ["field"] = control.Field });
        }

        var call = RetailerCall.Of(http);
        var outcome = await handler.CorrectAsync(call.Caller, number, body, call.Key, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("application", number) : Answer(http, outcome);
    }

    /// <summary>取下げ of a 廃止取次 by its new retailer, before matching.</summary>
    internal static async Task<Results<Ok<RelayView>, ProblemHttpResult>> WithdrawRelay(HttpContext http, RelayWithdrawalHandler handler, string number, CancellationToken cancellationToken)
    {
        var call = RetailerCall.Of(http);
        var outcome = await handler.WithdrawAsync(call.Caller, number, call.Key, cancellationToken).ConfigureAwait(false);
        return outcome is null ? NotFound("cancellation relay", number) : Answer(http, outcome);
    }

    /// <summary>差戻し: the TSO returns an open switch-in or switch-out to its retailer for correction.</summary>
    internal static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> ReturnForCorrection(
        CorrectionHandler handler, string number, [FromBody] ReturnRequest request, CancellationToken cancellationToken)
    {
        var outcome = await handler.ReturnAsync(number, request, cancellationToken).ConfigureAwait(false);
        if (outcome is null)
        {
            return NotFound("application", number);
        }

        return outcome.Accepted ? TypedResults.Ok(outcome.Result!) : RuleProblem(outcome.Errors, null);
    }

    /// <summary>廃止取次照会 (IS_20310): the relays awaiting the caller's decision (all of them with <c>all=true</c>).</summary>
    internal static async Task<Ok<IReadOnlyList<RelayView>>> InquireRelays(HttpContext http, ApplicationQueries queries, bool? all, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.InquireRelaysAsync(RetailerCall.Of(http).Caller, all ?? false, cancellationToken).ConfigureAwait(false));

    /// <summary>廃止取次結果 (IS_20210).</summary>
    internal static async Task<Results<Ok<RelayView>, ProblemHttpResult>> GetRelay(HttpContext http, ApplicationQueries queries, string number, CancellationToken cancellationToken)
    {
        var view = await queries.GetRelayAsync(RetailerCall.Of(http).Caller, number, cancellationToken).ConfigureAwait(false);
        return view is null ? NotFound("cancellation relay", number) : TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<EventPage>, ProblemHttpResult>> GetEvents(HttpContext http, NotificationQueue queue, long? after, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000 || after < 0)
        {
            return TypedResults.Problem("limit must be 1 to 1000 and after must not be negative", statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor");
        }

        return TypedResults.Ok(await queue.GetEventsAsync(RetailerCall.Of(http).Caller, after ?? 0, limit ?? 100, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<EventPage>, ProblemHttpResult>> PeekNotifications(HttpContext http, NotificationQueue queue, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return TypedResults.Problem("limit must be 1 to 1000", statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit");
        }

        return TypedResults.Ok(await queue.PeekNotificationsAsync(RetailerCall.Of(http).Caller, limit ?? 100, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<AcknowledgeResult>, ProblemHttpResult>> AcknowledgeNotifications(
        HttpContext http, NotificationQueue queue, [FromBody] AcknowledgeRequest request, CancellationToken cancellationToken)
    {
        var outcome = await queue.AcknowledgeAsync(RetailerCall.Of(http).Caller, request.UpTo, cancellationToken).ConfigureAwait(false);
        return outcome.Accepted ? TypedResults.Ok(new AcknowledgeResult(outcome.Result!.Next)) : RuleProblem(outcome.Errors, null);
    }

    /// <summary>
    /// 一括申請 of one kind: <c>POST /internal/v1/bulk/{kind}</c>, a CSV file whose rows are independent applications
    /// (<see cref="BulkUploads"/>). Answers the result file, one row per line; refused whole (400) only when the body
    /// is not a file of the kind (header, encoding).
    /// </summary>
    private static void MapBulk<THandler, TRequest, TView>(RouteGroupBuilder api, BulkKind<TRequest> kind, Func<TView, BulkShown> shown)
        where THandler : ISubmitHandler<TRequest, TView>
        where TRequest : class
        where TView : class =>
        api.MapPost("/bulk/" + kind.Name, (HttpContext http, BulkUploads uploads, CancellationToken cancellationToken) =>
                UploadAsync<THandler, TRequest, TView>(http, uploads, kind, shown, cancellationToken))
            .WithName("bulk-" + kind.Name)
            .Keyed();

    private static BulkShown Shown(ApplicationView view) => new(view.Number, view.Status, view.SwitchDate);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> UploadAsync<THandler, TRequest, TView>(
        HttpContext http, BulkUploads uploads, BulkKind<TRequest> kind, Func<TView, BulkShown> shown, CancellationToken cancellationToken)
        where THandler : ISubmitHandler<TRequest, TView>
        where TRequest : class
        where TView : class
    {
        var call = RetailerCall.Of(http);
        if (http.Request.ContentLength > MaxBulkBytes)
        {
            return TooLarge();
        }

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > MaxBulkBytes)
            {
                return TooLarge();
            }

            body.Write(buffer, 0, read);
        }

        if (BulkText.Decode(body.GetBuffer().AsSpan(0, (int)body.Length), out var encoding) is not { } text)
        {
            return BatchProblem([new BatchError(encoding!.Line, BulkUploads.MalformedCode, encoding.Field, encoding.Message, "ファイルはUTF-8で保存してください")], StatusCodes.Status400BadRequest, "Not a file of this kind");
        }

        var outcome = await uploads.UploadAsync<THandler, TRequest, TView>(call.Caller, kind, text, call.Key!, shown, cancellationToken).ConfigureAwait(false);
        if (outcome.ResultFile is null)
        {
            var conflict = outcome.Errors.Any(e => e.Code == ApplicationPipeline.IdempotencyConflictCode);
            return conflict
                ? BatchProblem(outcome.Errors, StatusCodes.Status409Conflict, "The Idempotency-Key was used for another file")
                : BatchProblem(outcome.Errors, StatusCodes.Status400BadRequest, "Not a file of this kind");
        }

        if (outcome.Replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        return TypedResults.Text(outcome.ResultFile, "text/csv; charset=utf-8");
    }

    internal static async Task<ContentHttpResult> DownloadApplications(HttpContext http, Store.SwitchingDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Text(await Bulk.ApplicationsDownload.WriteAsync(db, RetailerCall.Of(http).Caller, cancellationToken).ConfigureAwait(false), "text/csv; charset=utf-8");

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"the file is larger than {MaxBulkBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");

    private static ProblemHttpResult BatchProblem(IReadOnlyList<BatchError> errors, int status, string title) =>
        TypedResults.Problem(
            detail: string.Join("; ", errors.Take(20).Select(e => $"line {e.Line} {e.Code} {e.Field}: {e.Message}")),
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static string ApplicationLocation(string number) => $"/internal/v1/applications/{number}";

    /// <summary>A submission that creates a resource: 201 with its location, the dry run's answer, or the failed rules.</summary>
    private static async Task<Results<Created<T>, Ok<DryRunResult>, ProblemHttpResult>> Submit<T>(HttpContext http, Func<RetailerCall, Task<Submission<T>>> submit, Func<T, string> location)
        where T : class
    {
        var outcome = await submit(RetailerCall.Of(http)).ConfigureAwait(false);
        if (outcome.DryRun)
        {
            return TypedResults.Ok(new DryRunResult(outcome.Accepted, outcome.EarliestDate, outcome.EffectiveDate, outcome.Errors));
        }

        if (!outcome.Accepted)
        {
            return RuleProblem(outcome.Errors, outcome.EarliestDate);
        }

        MarkReplayed(http, outcome);
        return TypedResults.Created(location(outcome.Result!), outcome.Result);
    }

    /// <summary>A submission that changes a resource: 200 with it, or the failed rules.</summary>
    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(HttpContext http, Submission<T> outcome)
        where T : class
    {
        if (!outcome.Accepted)
        {
            return RuleProblem(outcome.Errors, outcome.EarliestDate);
        }

        MarkReplayed(http, outcome);
        return TypedResults.Ok(outcome.Result!);
    }

    private static void MarkReplayed<T>(HttpContext http, Submission<T> outcome)
        where T : class
    {
        if (outcome.Replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }
    }

    /// <summary>RFC 9457 problem details listing every failed rule with its code, field and messages.</summary>
    internal static ProblemHttpResult RuleProblem(IReadOnlyList<RuleViolation> errors, DateOnly? earliest)
    {
        var extensions = new Dictionary<string, object?> { ["errors"] = errors };
        if (earliest is not null)
        {
            extensions["earliestDate"] = earliest;
        }

        var conflict = errors.Any(e => e.Code == ApplicationPipeline.IdempotencyConflictCode);
        return TypedResults.Problem(
            detail: string.Join("; ", errors.Select(e => $"{e.Code} {e.Field}: {e.Message}")),
            statusCode: conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            title: errors.Count == 1 ? "1 rule failed" : $"{errors.Count} rules failed",
            extensions: extensions);
    }

    private static ProblemHttpResult NotFound(string what, string number) =>
        TypedResults.Problem($"{what} {Renkei.Formats.Text.Echo.Prefix(number)} not found", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}

/// <summary>Acknowledges the notifications up to <paramref name="UpTo"/> (an event's seq), inclusive.</summary>
public sealed record AcknowledgeRequest(long UpTo);

/// <summary>The position acknowledged so far.</summary>
public sealed record AcknowledgeResult(long Acknowledged);

/// <summary>The answer of a dry run: whether every rule holds, the earliest valid date, the date it would take, and every failed rule.</summary>
public sealed record DryRunResult(bool Valid, DateOnly? EarliestDate, DateOnly? EffectiveDate, IReadOnlyList<RuleViolation> Errors);
