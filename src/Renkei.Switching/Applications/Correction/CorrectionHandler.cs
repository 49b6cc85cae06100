using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.Correction;

/// <summary>差戻し (by the TSO) and 訂正 (更新フラグ 2, by the applicant) of switch-ins and switch-outs.</summary>
internal sealed class CorrectionHandler(
    SwitchingDbContext db, TimeProvider clock, ApplicationPipeline pipeline, ApplicationLedger ledger, SwitchInHandler switchIns, SwitchOutHandler switchOuts)
{
    /// <summary>
    /// 差戻し: the TSO (or an operator) returns an open switch-in or switch-out to its retailer for correction, with
    /// the reason. It stops waiting for its counterpart until corrected; uncorrected by its deadline, it is rejected.
    /// Null when the application does not exist.
    /// </summary>
    public async Task<Submission<ApplicationView>?> ReturnAsync(string number, ReturnRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Number == number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        return await pipeline.RunAsync(ApplicationLedger.TsoActor, null, string.Empty, found.SupplyPointId, false, async () =>
        {
            var application = await db.Applications.SingleAsync(a => a.Id == found.Id, cancellationToken).ConfigureAwait(false);
            var errors = PointFactsReader.Evaluate(CorrectionRules.Returnable, application);
            if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000)
            {
                errors.Add(new RuleViolation(ReturnableRule.ErrorCode, "reason", "reason is required (1 to 1000 characters): what the retailer must correct", "差戻し理由（1〜1000文字）は必須です"));
            }

            if (errors.Count > 0)
            {
                return Submissions.Failed<ApplicationView>(errors);
            }

            var from = application.Status;
            ApplicationStatus.Move(application, ApplicationStatus.ReturnedForCorrection, clock.GetUtcNow());
            application.ReasonCode = ReturnableRule.ErrorCode;
            application.ReasonMessage = request.Reason!.Trim();
            ledger.AuditApplication(ApplicationLedger.TsoActor, application, "returned", from, application.ReasonMessage);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<ApplicationView>(ApplicationView.Of(application), []);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// 訂正 (更新フラグ 2): the applicant resubmits its returned application with a corrected body (the kind's own
    /// request). Every rule of the kind runs again, with the correction's own rules; accepted, the application is
    /// in progress again (再判定) under its number, its history records the correction, and it is matched at once
    /// when its counterpart is in. Null when the application is not the caller's. With <paramref name="routeKind"/> (the
    /// market's request envelope on a kind's route), an application of another kind is refused (SW121). The body's
    /// envelope, if any, has done its work once it reaches here and is not stored.
    /// </summary>
    public async Task<Submission<ApplicationView>?> CorrectAsync(string caller, string number, JsonElement body, string? idempotencyKey, CancellationToken cancellationToken, string? routeKind = null)
    {
        var found = await db.Applications.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Number == number && a.RetailerCode == caller, cancellationToken)
            .ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        if (routeKind is not null && found.Kind != routeKind)
        {
            return Submissions.Failed<ApplicationView>([EnvelopeRules.ApplicationOfAnotherKind(number, found.Kind, routeKind, null)]);
        }

        SwitchInRequest? switchIn = null;
        SwitchOutRequest? switchOut = null;
        try
        {
            if (found.Kind == ApplicationKinds.SwitchIn)
            {
                switchIn = body.Deserialize<SwitchInRequest>(ApplicationPipeline.Json) is { } i ? i with { Envelope = null } : null;
            }
            else if (found.Kind == ApplicationKinds.SwitchOut)
            {
                switchOut = body.Deserialize<SwitchOutRequest>(ApplicationPipeline.Json) is { } o ? o with { Envelope = null } : null;
            }
        }
        catch (JsonException e)
        {
            return Submissions.Failed<ApplicationView>([CorrectionBody.Malformed(found.Kind, e.Message)]);
        }

        object corrected = (object?)switchIn ?? switchOut ?? (object)body.GetRawText();
        return await pipeline.RunAsync(caller, idempotencyKey, ApplicationPipeline.Hash("correction " + number, corrected), found.SupplyPointId, false, async () =>
        {
            var application = await db.Applications.SingleAsync(a => a.Id == found.Id, cancellationToken).ConfigureAwait(false);
            var errors = PointFactsReader.Evaluate(CorrectionRules.All, new CorrectionCheck(application, switchIn?.SupplyPointId ?? switchOut?.SupplyPointId));
            if (switchIn is null && switchOut is null)
            {
                // Only switch-ins and switch-outs are returned; for other kinds SW043 says why.
                return Submissions.Failed<ApplicationView>(errors);
            }

            // The kind's rules run on the corrected body in any case (as a dry run when the correction itself fails),
            // so that the answer lists every reason at once.
            var dry = errors.Count > 0;
            var outcome = switchIn is not null
                ? await switchIns.CheckAndStoreAsync(caller, switchIn, dry, dry ? null : application, cancellationToken).ConfigureAwait(false)
                : await switchOuts.CheckAndStoreAsync(caller, switchOut!, dry, dry ? null : application, cancellationToken).ConfigureAwait(false);
            errors.AddRange(outcome.Errors);
            return errors.Count > 0 ? new Submission<ApplicationView>(null, errors, outcome.EarliestDate, outcome.EffectiveDate) : outcome;
        }, cancellationToken).ConfigureAwait(false);
    }
}
