using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Correction;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications;

/// <summary>差戻し and 訂正 (更新フラグ 2) of applications, and 取下げ (更新フラグ 3) of a 廃止取次.</summary>
public sealed partial class SwitchingService
{
    /// <summary>
    /// 差戻し: the TSO (or an operator) returns an open switch-in or switch-out to its retailer for correction, with
    /// the reason. It stops waiting for its counterpart until corrected; uncorrected by its deadline, it is rejected.
    /// Null when the application does not exist.
    /// </summary>
    public async Task<Submission<ApplicationView>?> ReturnForCorrectionAsync(string number, ReturnRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Number == number, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        return await RunAsync(TsoActor, null, string.Empty, found.SupplyPointId, false, async () =>
        {
            var application = await db.Applications.SingleAsync(a => a.Id == found.Id, cancellationToken).ConfigureAwait(false);
            var errors = Evaluate(CorrectionRules.Returnable, application);
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
            AuditApplication(TsoActor, application, "returned", from, application.ReasonMessage);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<ApplicationView>(ApplicationView.Of(application), []);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// 訂正 (更新フラグ 2): the applicant resubmits its returned application with a corrected body (the kind's own
    /// request). Every rule of the kind runs again, with the correction's own rules; accepted, the application is
    /// in progress again (再判定) under its number, its history records the correction, and it is matched at once
    /// when its counterpart is in. Null when the application is not the caller's.
    /// </summary>
    public async Task<Submission<ApplicationView>?> CorrectAsync(string caller, string number, JsonElement body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var found = await db.Applications.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Number == number && a.RetailerCode == caller, cancellationToken)
            .ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        SwitchInRequest? switchIn = null;
        SwitchOutRequest? switchOut = null;
        try
        {
            if (found.Kind == ApplicationKinds.SwitchIn)
            {
                switchIn = body.Deserialize<SwitchInRequest>(Json);
            }
            else if (found.Kind == ApplicationKinds.SwitchOut)
            {
                switchOut = body.Deserialize<SwitchOutRequest>(Json);
            }
        }
        catch (JsonException e)
        {
            return Submissions.Failed<ApplicationView>([CorrectionBody.Malformed(found.Kind, e.Message)]);
        }

        object corrected = (object?)switchIn ?? switchOut ?? (object)body.GetRawText();
        return await RunAsync(caller, idempotencyKey, Hash("correction " + number, corrected), found.SupplyPointId, false, async () =>
        {
            var application = await db.Applications.SingleAsync(a => a.Id == found.Id, cancellationToken).ConfigureAwait(false);
            var errors = Evaluate(CorrectionRules.All, new CorrectionCheck(application, switchIn?.SupplyPointId ?? switchOut?.SupplyPointId));
            if (switchIn is null && switchOut is null)
            {
                // Only switch-ins and switch-outs are returned; for other kinds SW043 says why.
                return Submissions.Failed<ApplicationView>(errors);
            }

            // The kind's rules run on the corrected body in any case (as a dry run when the correction itself fails),
            // so that the answer lists every reason at once.
            var dry = errors.Count > 0;
            var outcome = switchIn is not null
                ? await SwitchInCoreAsync(caller, switchIn, dry, dry ? null : application, cancellationToken).ConfigureAwait(false)
                : await SwitchOutCoreAsync(caller, switchOut!, dry, dry ? null : application, cancellationToken).ConfigureAwait(false);
            errors.AddRange(outcome.Errors);
            return errors.Count > 0 ? new Submission<ApplicationView>(null, errors, outcome.EarliestDate, outcome.EffectiveDate) : outcome;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// 廃止取次の取下げ by its new retailer, before matching: the relay is withdrawn, and with it the new retailer's
    /// switch-in of the relay (it cannot be matched without the relay's switch-out) and, when the current retailer
    /// had already decided OK, the switch-out that decision made. Both retailers are told. Null when the caller is
    /// not the relay's new retailer (the same as for a relay that does not exist).
    /// </summary>
    public async Task<Submission<RelayView>?> WithdrawRelayAsync(string caller, string number, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var found = await db.CancellationRelays.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Number == number && r.NewRetailerCode == caller, cancellationToken)
            .ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        return await RunAsync(caller, idempotencyKey, Hash("withdraw-relay", number), found.SupplyPointId, false, async () =>
        {
            var relay = await db.CancellationRelays.SingleAsync(r => r.Id == found.Id, cancellationToken).ConfigureAwait(false);
            var errors = Evaluate(RelayWithdrawalRules.All, relay);
            if (errors.Count > 0)
            {
                return Submissions.Failed<RelayView>(errors);
            }

            var now = clock.GetUtcNow();
            var linked = await db.Applications
                .Where(a => a.RelayId == relay.Id && Waiting.Contains(a.Status))
                .OrderBy(a => a.Id)
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            MoveRelay(relay, RelayStatus.Withdrawn, caller, "withdrawn", "withdrawn by the new retailer before matching", now);
            foreach (var application in linked)
            {
                var from = application.Status;
                ApplicationStatus.Move(application, ApplicationStatus.Withdrawn, now);
                AuditApplication(application.RetailerCode == caller ? caller : HubActor, application, "withdrawn", from,
                    string.Create(CultureInfo.InvariantCulture, $"廃止取次 {relay.Number} withdrawn by {caller}"));
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<RelayView>(RelayView.Of(relay), []);
        }, cancellationToken).ConfigureAwait(false);
    }
}
