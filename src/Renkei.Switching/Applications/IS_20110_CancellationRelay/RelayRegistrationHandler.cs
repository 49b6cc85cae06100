using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.IS_20110_CancellationRelay;

/// <summary>
/// 廃止取次登録 (IS_20110) by the new retailer: the customer's contract number, holder, address and wished date go
/// to the current retailer, who decides OK or NG (IS_20410) by the deadline.
/// </summary>
internal sealed class RelayRegistrationHandler(SwitchingDbContext db, SwitchingDates dates, TimeProvider clock, ApplicationPipeline pipeline, ApplicationLedger ledger, PointFactsReader points)
    : ISubmitHandler<RelayRegistrationRequest, RelayView>
{
    /// <summary>廃止取次登録 (IS_20110).</summary>
    public Task<Submission<RelayView>> SubmitAsync(
        string caller, RelayRegistrationRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return pipeline.RunAsync(caller, idempotencyKey, ApplicationPipeline.Hash("IS_20110", request), request.SupplyPointId, dryRun,
            () => CheckAndStoreAsync(caller, request, dryRun, cancellationToken), cancellationToken);
    }

    private async Task<Submission<RelayView>> CheckAndStoreAsync(string caller, RelayRegistrationRequest request, bool dryRun, CancellationToken cancellationToken)
    {
        var (check, errors) = await points.AssessAsync(request.SupplyPointId, state => Check(caller, request, state), RelayRegistrationRules.All, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0 || dryRun)
        {
            return new Submission<RelayView>(null, errors, check.Earliest, request.WishedDate);
        }

        var now = clock.GetUtcNow();
        var wished = request.WishedDate!.Value;
        var facts = check.Facts;
        var relay = new CancellationRelay
        {
            SupplyPointId = check.PointId!.Value.Value,
            NewRetailerCode = caller,
            CurrentRetailerCode = facts.OpenContract!.RetailerCode,
            ContractNumber = request.ContractNumber!.Trim(),
            HolderName = request.HolderName!.Trim(),
            HolderNameKana = request.HolderNameKana?.Trim() ?? string.Empty,
            Address = request.Address!.Trim(),
            WishedDate = wished,
            NewRetailerContact = request.Contact?.Trim() ?? string.Empty,
            NewRetailerPhone = request.Phone?.Trim() ?? string.Empty,
            Deadline = dates.MatchingDeadline(wished, check.Today, facts.Point!),
            CreatedAt = now,
            UpdatedAt = now,
            Number = "pending",
        };
        db.CancellationRelays.Add(relay);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        relay.Number = Numbers.Relay(relay.Id);
        ledger.Audit(caller, "relay", relay.Number, "registered", null, relay.Status, $"supply point {relay.SupplyPointId}, wished date {ApplicationLedger.Day(wished)}");
        ledger.Notify(relay.CurrentRetailerCode, RetailerEventKinds.RelayAwaitingDecision, "relay", relay.Number, relay.SupplyPointId, relay.Status,
            $"廃止取次 {relay.Number} from {caller} awaits your decision (IS_20410) by {ApplicationLedger.Day(relay.Deadline)}");
        return new Submission<RelayView>(RelayView.Of(relay), [], check.Earliest, wished);
    }

    /// <summary>The facts the registration rules look at: the earliest date under the standard period and whether the dates are in the calendar.</summary>
    private RelayRegistrationCheck Check(string caller, RelayRegistrationRequest request, Validation.PointState state)
    {
        DateOnly? earliest = null;
        var outside = false;
        var today = state.Today;
        if (state.Facts.Point is { } point)
        {
            outside = !dates.Covers(today) || (request.WishedDate is { } w && !dates.Covers(w));
            if (dates.Covers(today))
            {
                earliest = dates.Earliest(today, point);
            }
        }

        return new RelayRegistrationCheck { Caller = caller, Request = request, Point = state, Earliest = earliest, DateOutsideCalendar = outside };
    }
}
