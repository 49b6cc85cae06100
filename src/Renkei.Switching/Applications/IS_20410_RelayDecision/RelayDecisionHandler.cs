using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Matching;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.IS_20410_RelayDecision;

/// <summary>
/// 廃止取次判定 (IS_20410) by the current retailer. OK counts as its switch-out, which is matched with the new
/// retailer's switch-in when that is in; NG rejects the new retailer's switch-in of the relay.
/// </summary>
internal sealed class RelayDecisionHandler(SwitchingDbContext db, TimeProvider clock, ApplicationPipeline pipeline, ApplicationLedger ledger, PointFactsReader points, SwitchMatching matching)
{
    /// <summary>The current retailer decided NG on the 廃止取次 of a switch-in.</summary>
    public const string RelayNgCode = "SW033";

    /// <summary>Decides the relay <paramref name="number"/>; null when the caller is not its current retailer (the same as for a relay that does not exist).</summary>
    public async Task<Submission<RelayView>?> DecideAsync(
        string caller, string number, RelayDecisionRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await db.CancellationRelays.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Number == number && r.CurrentRetailerCode == caller, cancellationToken)
            .ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        return await pipeline.RunAsync(caller, idempotencyKey, ApplicationPipeline.Hash("IS_20410" + number, request), found.SupplyPointId, false, async () =>
        {
            var relay = await db.CancellationRelays.SingleAsync(r => r.Id == found.Id, cancellationToken).ConfigureAwait(false);
            var errors = PointFactsReader.Evaluate(RelayDecisionRules.All, new RelayDecisionCheck(relay, request));
            if (errors.Count > 0)
            {
                return Submissions.Failed<RelayView>(errors);
            }

            var facts = (await points.ReadAsync(relay.SupplyPointId, cancellationToken).ConfigureAwait(false)).Facts;
            var now = clock.GetUtcNow();
            var linkedSwitchIns = facts.OpenApplications.Where(a => a.Kind == ApplicationKinds.SwitchIn && a.RelayId == relay.Id).ToList();
            if (request.Decision == RelayDecisionRules.Ng)
            {
                var reasons = string.Join(',', request.NgReasons!.Distinct().Order());
                ledger.MoveRelay(relay, RelayStatus.DecidedNg, caller, "decided", $"NG reasons {reasons}", now);
                relay.NgReasons = reasons;
                foreach (var switchIn in linkedSwitchIns)
                {
                    ledger.Reject(switchIn, RelayNgCode, $"the current retailer decided NG on 廃止取次 {relay.Number} (reasons {reasons})", ApplicationLedger.HubActor, now);
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new Submission<RelayView>(RelayView.Of(relay), []);
            }

            ledger.MoveRelay(relay, RelayStatus.DecidedOk, caller, "decided", "OK", now);
            if (facts.OpenContract is not { } open || open.RetailerCode != caller)
            {
                // The contract changed hands since the registration: nothing to end.
                return Submissions.Failed<RelayView>([new RuleViolation(CurrentRetailerRule.ErrorCode, "decision", "the supply point is not among your current contracts", "自社の託送契約に該当する供給地点がありません")]);
            }

            var switchOut = await matching.AddSwitchOutAsync(caller, facts, relay.WishedDate, relay.ContractNumber, relay.Id, relay.Deadline, cancellationToken).ConfigureAwait(false);
            var waiting = linkedSwitchIns.FirstOrDefault(a => a.SwitchDate == relay.WishedDate);
            if (waiting is not null)
            {
                await matching.MatchAndCompleteAsync(waiting, switchOut, open, relay, cancellationToken).ConfigureAwait(false);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<RelayView>(RelayView.Of(relay), []);
        }, cancellationToken).ConfigureAwait(false);
    }
}
