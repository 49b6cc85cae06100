using Renkei.Domain.Time;
using Renkei.Switching.Applications.HandOff;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;

namespace Renkei.Switching.Applications.Matching;

/// <summary>
/// マッチング: a switch-in and a switch-out of one point for one date are matched (locked) and handed to the TSO,
/// which completes them: the old wheeling contract ends and the new one starts on the switch date. A switch-in
/// (IF_10610), a switch-out (IF_10710) or a 廃止取次 decided OK (IS_20410) can be the one that completes the pair.
/// </summary>
internal sealed class SwitchMatching(SwitchingDbContext db, TimeProvider clock, ApplicationLedger ledger, TsoHandOff tso)
{
    /// <summary>Stores a switch-out of <paramref name="retailer"/> (from IF_10710, or from an OK decision on a 廃止取次).</summary>
    public async Task<Application> AddSwitchOutAsync(
        string retailer, PointFacts facts, DateOnly date, string? customerNumber, long? relayId, DateOnly deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var now = clock.GetUtcNow();
        var today = Jst.Today(clock);
        var application = new Application
        {
            Kind = ApplicationKinds.SwitchOut,
            RetailerCode = retailer,
            SupplyPointId = facts.Point!.Id,
            RequestedDate = date,
            SwitchDate = date,
            Deadline = deadline < today ? today : deadline,
            CustomerNumber = customerNumber,
            RelayId = relayId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await ledger.AddApplicationAsync(application, retailer, cancellationToken).ConfigureAwait(false);
        return application;
    }

    /// <summary>
    /// マッチング and 完了: both applications move to matched (locked), then the TSO completes them: the current
    /// contract ends on the switch date and the new retailer's starts, under the change feed's lock so that feed
    /// positions become visible in order.
    /// </summary>
    public async Task MatchAndCompleteAsync(Application switchIn, Application switchOut, WheelingContract open, CancellationRelay? relay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(switchIn);
        ArgumentNullException.ThrowIfNull(switchOut);
        ArgumentNullException.ThrowIfNull(open);
        var now = clock.GetUtcNow();
        var date = switchIn.SwitchDate!.Value;
        foreach (var (application, counterpart) in new[] { (switchIn, switchOut), (switchOut, switchIn) })
        {
            var from = application.Status;
            ApplicationStatus.Move(application, ApplicationStatus.Matched, now);
            application.CounterpartId = counterpart.Id;
            ledger.AuditApplication(ApplicationLedger.HubActor, application, "matched", from, $"matched with {counterpart.Number}");
        }

        if (relay is not null)
        {
            ledger.MoveRelay(relay, RelayStatus.MatchedOk, ApplicationLedger.HubActor, "matched", $"switch-in {switchIn.Number} and switch-out {switchOut.Number}", now);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        // Routed by area to the TSO, which keeps the area's contracts and completes the switch (at once, or when a
        // TSO node of its own answers: the pair stays matched until then).
        var order = new TsoSwitchOrder(switchIn.Number, switchOut.Number, switchIn.SupplyPointId, open.RetailerCode, switchIn.RetailerCode, date);
        if (await tso.HandToTsoAsync(switchIn.SupplyPointId, "the switch", TsoOrderKinds.Switch, order.Key, order, t => t.CompleteSwitchAsync(order, cancellationToken)).ConfigureAwait(false))
        {
            foreach (var application in new[] { switchIn, switchOut })
            {
                ledger.Complete(application, $"effective {ApplicationLedger.Day(date)}", now);
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
