using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Deadlines;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.IS_20110_CancellationRelay;

/// <summary>廃止取次の取下げ: the new retailer withdraws its 廃止取次 before matching.</summary>
internal sealed class RelayWithdrawalHandler(SwitchingDbContext db, TimeProvider clock, ApplicationPipeline pipeline, ApplicationLedger ledger)
{
    /// <summary>
    /// 廃止取次の取下げ by its new retailer, before matching: the relay is withdrawn, and with it the new retailer's
    /// switch-in of the relay (it cannot be matched without the relay's switch-out) and, when the current retailer
    /// had already decided OK, the switch-out that decision made. Both retailers are told. Null when the caller is
    /// not the relay's new retailer (the same as for a relay that does not exist).
    /// </summary>
    public async Task<Submission<RelayView>?> WithdrawAsync(string caller, string number, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var found = await db.CancellationRelays.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Number == number && r.NewRetailerCode == caller, cancellationToken)
            .ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        return await pipeline.RunAsync(caller, idempotencyKey, ApplicationPipeline.Hash("withdraw-relay", number), found.SupplyPointId, false, async () =>
        {
            var relay = await db.CancellationRelays.SingleAsync(r => r.Id == found.Id, cancellationToken).ConfigureAwait(false);
            var errors = PointFactsReader.Evaluate(RelayWithdrawalRules.All, relay);
            if (errors.Count > 0)
            {
                return Submissions.Failed<RelayView>(errors);
            }

            var now = clock.GetUtcNow();
            var linked = await db.Applications
                .Where(a => a.RelayId == relay.Id && DeadlineHandler.Waiting.Contains(a.Status))
                .OrderBy(a => a.Id)
                .ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            ledger.MoveRelay(relay, RelayStatus.Withdrawn, caller, "withdrawn", "withdrawn by the new retailer before matching", now);
            foreach (var application in linked)
            {
                var from = application.Status;
                ApplicationStatus.Move(application, ApplicationStatus.Withdrawn, now);
                ledger.AuditApplication(application.RetailerCode == caller ? caller : ApplicationLedger.HubActor, application, "withdrawn", from,
                    string.Create(CultureInfo.InvariantCulture, $"廃止取次 {relay.Number} withdrawn by {caller}"));
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<RelayView>(RelayView.Of(relay), []);
        }, cancellationToken).ConfigureAwait(false);
    }
}
