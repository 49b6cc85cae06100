using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications.Content;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;

namespace Renkei.Switching.Applications.HandOff;

/// <summary>
/// The hand-off of accepted applications to the TSO of the point's area (docs/architecture.md, "The hub and the
/// TSOs"). An in-process TSO completes the order inside the hub's transaction; for a TSO in its own process the
/// order is queued in the hub's outbox in that transaction, and the TSO's answer is applied later in a transaction
/// of its own: completed (the hub's copy of the contracts changes as the TSO's did, the applications complete) or
/// refused (the applications are rejected with <see cref="TsoRefusedCode"/>). The TSO node's changes of supply-point
/// facts come back the same way (<see cref="ApplyPointChangeAsync"/>).
/// </summary>
internal sealed class TsoHandOff(
    SwitchingDbContext db, TimeProvider clock, TsoDirectory directory, ApplicationPipeline pipeline, ApplicationLedger ledger, AmpereEffect amperes, MeterReplacements replacements)
    : ITsoAnswers
{
    /// <summary>The area's TSO refused the order (it keeps the area's contracts and has the last word).</summary>
    public const string TsoRefusedCode = "SW009";

    /// <summary>Whether the TSO of <paramref name="area"/> runs in a process of its own (orders go through the outbox).</summary>
    public bool IsRemote(int area) => directory.IsRemote(area);

    /// <summary>
    /// Hands an order to the TSO of the point's area. In-process (inside this transaction): true once done, and
    /// throws when it refuses (the rules checked everything the TSO checks, so a refusal is a bug, and the whole
    /// transaction rolls back). A TSO node of its own: queues the order in the outbox and returns false; its answer
    /// comes later (<see cref="ApplyTsoAnswerAsync"/>).
    /// </summary>
    public async Task<bool> HandToTsoAsync(string pointId, string what, string kind, string key, object order, Func<ITsoService, Task<TsoSwitchResult>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var area = (int)SupplyPointId.Parse(pointId).Area;
        if (directory.IsRemote(area))
        {
            QueueTsoOrder(area, kind, key, pointId, order);
            return false;
        }

        var tso = directory.For(area, db, clock);
        var result = await call(tso).ConfigureAwait(false);
        if (!result.Completed)
        {
            throw new InvalidOperationException($"TSO of area {tso.Area:D2} refused {what} of {pointId}: {result.Reason}");
        }

        return true;
    }

    /// <summary>
    /// 再点 / 廃止・撤去: stores the application and hands the supply change to the TSO; completed at once by an
    /// in-process TSO, else waiting at the TSO (<c>10</c>) until its answer.
    /// </summary>
    public async Task<Submission<ApplicationView>> ChangeSupplyAsync(
        string caller, string kind, SupplyPointId point, DateOnly date, bool start, ApplicationContent? content, CancellationToken cancellationToken)
    {
        var application = await ledger.AddDatedApplicationAsync(caller, kind, point.Value, date, cancellationToken).ConfigureAwait(false);
        ApplicationContents.Add(db, application.Id, content);
        var order = new TsoSupplyOrder(application.Number, point.Value, caller, start, date, content);
        if (await HandToTsoAsync(point.Value, kind, TsoOrderKinds.SupplyChange, order.Key, order, tso => tso.ChangeSupplyAsync(order, cancellationToken)).ConfigureAwait(false))
        {
            ledger.Complete(application, $"effective {ApplicationLedger.Day(date)}", application.UpdatedAt);
        }
        else
        {
            var from = application.Status;
            ApplicationStatus.Move(application, ApplicationStatus.AtTso, application.UpdatedAt);
            ledger.AuditApplication(ApplicationLedger.HubActor, application, "sent to TSO", from, $"effective {ApplicationLedger.Day(date)} once the TSO of area {(int)point.Area:D2} answers");
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new Submission<ApplicationView>(ApplicationView.Of(application) with { Content = content }, [], null, date);
    }

    /// <summary>
    /// Queues <paramref name="order"/> for the remote TSO of <paramref name="area"/> (in this transaction); with a null
    /// order the caller sets the row's body before the transaction's next save.
    /// </summary>
    public TsoOrder QueueTsoOrder(int area, string kind, string key, string pointId, object? order)
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
        ledger.Audit(ApplicationLedger.HubActor, "tso-order", key.Length > 32 ? key[..32] : key, "queued", null, null,
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
        return await pipeline.RunHubStepAsync(pointId, async () =>
        {
            var order = await db.TsoOrders.SingleAsync(o => o.Key == key, cancellationToken).ConfigureAwait(false);
            if (order.AnsweredAt is not null)
            {
                return Submissions.Failed<object>([new RuleViolation("answered", "key", "answered before", "回答済み")]);
            }

            var now = clock.GetUtcNow();
            var numbers = order.Kind == TsoOrderKinds.Switch ? key.Split('/') : [key];
            var applications = await db.Applications.Where(a => numbers.Contains(a.Number)).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (order.Kind == TsoOrderKinds.CustomerDetails)
            {
                // The application completed at the hub when accepted; its history tells whether the TSO's record took
                // the details (a refusal names the TSO's reason; the hub's record stays the retailer's).
                ledger.Audit(ApplicationLedger.TsoActor, "application", key, result.Completed ? "tso-record-updated" : "tso-record-refused", null, null,
                    result.Completed
                        ? string.Create(CultureInfo.InvariantCulture, $"the TSO of area {order.Area:D2} keeps the new customer details")
                        : string.Create(CultureInfo.InvariantCulture, $"the TSO of area {order.Area:D2} refused the new customer details: {result.Reason}"));
            }
            else if (result.Completed && order.Kind == TsoOrderKinds.Ampere)
            {
                // The hub's copy of the point takes the contract current the TSO now has.
                var point = await db.SupplyPoints.SingleAsync(p => p.Id == order.SupplyPointId, cancellationToken).ConfigureAwait(false);
                foreach (var application in applications)
                {
                    amperes.Apply(point, application, order);
                }
            }
            else if (result.Completed)
            {
                // The hub's copy of the area's contracts changes as the TSO's did (the change feed serves it).
                await HubContractCopy.ApplyAsync(order, db, clock, cancellationToken).ConfigureAwait(false);

                foreach (var application in applications)
                {
                    ledger.Complete(application, string.Create(CultureInfo.InvariantCulture,
                        $"effective {ApplicationLedger.Day(application.SwitchDate)} (TSO of area {order.Area:D2}: contract {result.EndedContractId?.ToString(CultureInfo.InvariantCulture) ?? "-"} ended, {result.StartedContractId?.ToString(CultureInfo.InvariantCulture) ?? "-"} started)"), now);
                }
            }
            else
            {
                await RefuseAsync(order, applications, result.Reason, now, cancellationToken).ConfigureAwait(false);
            }

            order.AnsweredAt = now;
            order.Result = JsonSerializer.Serialize(result, TsoRoutes.Json);
            ledger.Audit(ApplicationLedger.HubActor, "tso-order", key.Length > 32 ? key[..32] : key, "answered", null, null,
                string.Create(CultureInfo.InvariantCulture, $"{order.Kind} order {key}: {(result.Completed ? "completed" : "refused: " + result.Reason)}"));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<object>(null, []);
        }, cancellationToken).ConfigureAwait(false);
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
        return await pipeline.RunHubStepAsync(pointId, async () =>
        {
            var cursor = await db.TsoFeedCursors.SingleOrDefaultAsync(c => c.Area == area, cancellationToken).ConfigureAwait(false);
            if (cursor is null)
            {
                cursor = new TsoFeedCursor { Area = area };
                db.TsoFeedCursors.Add(cursor);
            }

            if (change.Id <= cursor.LastChangeId)
            {
                return Submissions.Failed<object>([new RuleViolation("applied", "id", "applied before", "適用済み")]);
            }

            cursor.LastChangeId = change.Id;
            var point = await db.SupplyPoints.SingleOrDefaultAsync(p => p.Id == pointId, cancellationToken).ConfigureAwait(false);
            if (point is null || point.Area != area)
            {
                // Not a point of the hub's (or not of this area): nothing to follow, but the position is passed.
                ledger.Audit(ApplicationLedger.HubActor, "supply-point", pointId, "tso-change-ignored", null, null,
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

                ledger.Audit(ApplicationLedger.HubActor, "supply-point", pointId, "tso-change-applied", null, null,
                    string.Create(CultureInfo.InvariantCulture, $"change {change.Id} of the TSO of area {area:D2}: {before} → {change.Facts}{kept}"));
                await replacements.ApplyAsync(point, cancellationToken).ConfigureAwait(false);

                // The contract feed carries each point's reading schedule code: a new code goes out with the point's
                // contracts again, so the metering node cuts the point's reading periods by it from now on.
                if (!string.Equals(point.ReadingSchedule, before.ReadingSchedule, StringComparison.Ordinal))
                {
                    await new WheelingContractChanges(area, db, clock, ApplicationLedger.HubActor).RenumberAsync(pointId, cancellationToken).ConfigureAwait(false);
                }
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<object>(null, []);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The TSO refused: the applications are rejected, and the 廃止取次 behind a refused switch ends too (05 matched
    /// NG, with the TSO's reason): it was the retailers' agreement to this switch, which will not happen; both
    /// retailers are told.
    /// </summary>
    private async Task RefuseAsync(TsoOrder order, List<Application> applications, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = $"refused by the TSO of area {order.Area:D2}: {reason}";
        foreach (var application in applications)
        {
            ledger.Reject(application, TsoRefusedCode, message, ApplicationLedger.TsoActor, now);
        }

        foreach (var relayId in applications.Select(a => a.RelayId).OfType<long>().Distinct())
        {
            var relay = await db.CancellationRelays.SingleAsync(r => r.Id == relayId, cancellationToken).ConfigureAwait(false);
            if (relay.Status == RelayStatus.MatchedOk)
            {
                relay.ReasonCode = TsoRefusedCode;
                relay.ReasonMessage = message.Length > 1000 ? message[..1000] : message;
                ledger.MoveRelay(relay, RelayStatus.MatchedNg, ApplicationLedger.TsoActor, "refused", $"{TsoRefusedCode}: {message}", now);
            }
        }
    }
}
