using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;

namespace Renkei.Switching.Applications;

/// <summary>
/// The hand-off to a TSO in its own process (docs/architecture.md, "The hub and the TSOs"): the order is queued in
/// the hub's outbox in the transaction that matches the switch (or accepts the move-in / move-out), and the
/// TSO's answer is applied in a transaction of its own: completed (the hub's copy of the contracts changes as the
/// TSO's did, the applications complete) or refused (the applications are rejected with <see cref="TsoRefusedCode"/>).
/// </summary>
public sealed partial class SwitchingService : ITsoAnswers
{
    /// <summary>The area's TSO refused the order (it keeps the area's contracts and has the last word).</summary>
    public const string TsoRefusedCode = "SW009";

    /// <summary>
    /// Queues <paramref name="order"/> for the remote TSO of <paramref name="area"/> (in this transaction); with a null
    /// order the caller sets the row's body before the transaction's next save.
    /// </summary>
    private TsoOrder QueueTsoOrder(int area, string kind, string key, string pointId, object? order)
    {
        var row = new TsoOrder
        {
            Key = key,
            Area = area,
            Kind = kind,
            SupplyPointId = pointId,
            Body = order is null ? string.Empty : JsonSerializer.Serialize(order, order.GetType(), TsoRoutes.Json),
            CreatedAt = clock.GetUtcNow(),
        };
        db.TsoOrders.Add(row);
        Audit(HubActor, "tso-order", key.Length > 32 ? key[..32] : key, "queued", null, null,
            string.Create(CultureInfo.InvariantCulture, $"{kind} order {key} for {pointId} to the TSO of area {area:D2}"));
        return row;
    }

    /// <summary>
    /// Applies the TSO's answer to the order <paramref name="key"/> once: true when it was applied now, false when
    /// it had been applied before (a repeat changes nothing).
    /// </summary>
    public async Task<bool> ApplyTsoAnswerAsync(string key, TsoSwitchResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var pointId = await db.TsoOrders.AsNoTracking().Where(o => o.Key == key).Select(o => o.SupplyPointId)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no TSO order {key}");
        var outcome = await RunAsync<ApplicationView>(HubActor, null, string.Empty, pointId, false, async () =>
        {
            var order = await db.TsoOrders.SingleAsync(o => o.Key == key, cancellationToken).ConfigureAwait(false);
            if (order.AnsweredAt is not null)
            {
                return Submissions.Failed<ApplicationView>([new RuleViolation("answered", "key", "answered before", "回答済み")]);
            }

            var now = clock.GetUtcNow();
            var numbers = order.Kind == TsoOrderKinds.Switch ? key.Split('/') : [key];
            var applications = await db.Applications.Where(a => numbers.Contains(a.Number)).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (result.Completed && order.Kind == TsoOrderKinds.Ampere)
            {
                // The hub's copy of the point takes the contract current the TSO now has.
                var point = await db.SupplyPoints.SingleAsync(p => p.Id == order.SupplyPointId, cancellationToken).ConfigureAwait(false);
                foreach (var application in applications)
                {
                    ApplyAmperes(point, application, order);
                }
            }
            else if (result.Completed)
            {
                // The hub's copy of the area's contracts changes as the TSO's did (the change feed serves it).
                await HubContractCopy.ApplyAsync(order, db, clock, cancellationToken).ConfigureAwait(false);

                foreach (var application in applications)
                {
                    Complete(application, string.Create(CultureInfo.InvariantCulture,
                        $"effective {application.SwitchDate:yyyy-MM-dd} (TSO of area {order.Area:D2}: contract {result.EndedContractId?.ToString(CultureInfo.InvariantCulture) ?? "-"} ended, {result.StartedContractId?.ToString(CultureInfo.InvariantCulture) ?? "-"} started)"), now);
                }
            }
            else
            {
                var message = $"refused by the TSO of area {order.Area:D2}: {result.Reason}";
                foreach (var application in applications)
                {
                    Reject(application, TsoRefusedCode, message, TsoActor, now);
                }

                // The 廃止取次 behind a refused switch ends too (05 matched NG, with the TSO's reason): it was the
                // retailers' agreement to this switch, which will not happen; both retailers are told.
                foreach (var relayId in applications.Select(a => a.RelayId).OfType<long>().Distinct())
                {
                    var relay = await db.CancellationRelays.SingleAsync(r => r.Id == relayId, cancellationToken).ConfigureAwait(false);
                    if (relay.Status == RelayStatus.MatchedOk)
                    {
                        relay.ReasonCode = TsoRefusedCode;
                        relay.ReasonMessage = message.Length > 1000 ? message[..1000] : message;
                        MoveRelay(relay, RelayStatus.MatchedNg, TsoActor, "refused", $"{TsoRefusedCode}: {message}", now);
                    }
                }
            }

            order.AnsweredAt = now;
            order.Result = JsonSerializer.Serialize(result, TsoRoutes.Json);
            Audit(HubActor, "tso-order", key.Length > 32 ? key[..32] : key, "answered", null, null,
                string.Create(CultureInfo.InvariantCulture, $"{order.Kind} order {key}: {(result.Completed ? "completed" : "refused: " + result.Reason)}"));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<ApplicationView>(null, []);
        }, cancellationToken).ConfigureAwait(false);
        return outcome.Accepted;
    }

    /// <summary>
    /// Applies one supply-point change of area <paramref name="area"/>'s TSO node to the hub's copy of the point, once:
    /// under the point's lock, in one transaction with the hub's cursor in that node's sequence. False when the change
    /// was applied before (its position is at or below the cursor).
    /// </summary>
    public async Task<bool> ApplyPointChangeAsync(int area, PointChangeItem change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var pointId = change.Facts.SupplyPointId;
        var outcome = await RunAsync<ApplicationView>(HubActor, null, string.Empty, pointId, false, async () =>
        {
            var cursor = await db.TsoFeedCursors.SingleOrDefaultAsync(c => c.Area == area, cancellationToken).ConfigureAwait(false);
            if (cursor is null)
            {
                cursor = new TsoFeedCursor { Area = area };
                db.TsoFeedCursors.Add(cursor);
            }

            if (change.Id <= cursor.LastChangeId)
            {
                return Submissions.Failed<ApplicationView>([new RuleViolation("applied", "id", "applied before", "適用済み")]);
            }

            cursor.LastChangeId = change.Id;
            var point = await db.SupplyPoints.SingleOrDefaultAsync(p => p.Id == pointId, cancellationToken).ConfigureAwait(false);
            if (point is null || point.Area != area)
            {
                // Not a point of the hub's (or not of this area): nothing to follow, but the position is passed.
                Audit(HubActor, "supply-point", pointId, "tso-change-ignored", null, null,
                    string.Create(CultureInfo.InvariantCulture, $"change {change.Id} of the TSO of area {area:D2}: the hub holds no such point of the area"));
            }
            else
            {
                var before = PointFactsMessage.Of(point);
                change.Facts.ApplyTo(point);
                var kept = string.Empty;
                if (change.Facts.AmpereOrder < before.AmpereOrder)
                {
                    // Written at the TSO before it applied the hub's newer ampere order (which the hub has applied
                    // since): its contract current is older than the hub's, so the hub keeps its own. Every other
                    // fact is the TSO's.
                    (point.ContractAmperes, point.AmpereOrder) = (before.ContractAmperes, before.AmpereOrder);
                    kept = string.Create(CultureInfo.InvariantCulture,
                        $"; contract current kept at {before.ContractAmperes} A: the change reflects ampere order {change.Facts.AmpereOrder}, the hub applied the newer {before.AmpereOrder}");
                }

                Audit(HubActor, "supply-point", pointId, "tso-change-applied", null, null,
                    string.Create(CultureInfo.InvariantCulture, $"change {change.Id} of the TSO of area {area:D2}: {before} → {change.Facts}{kept}"));
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<ApplicationView>(null, []);
        }, cancellationToken).ConfigureAwait(false);
        return outcome.Accepted;
    }
}
