using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso;

/// <summary>
/// 一般送配電事業者 (in-process): a TSO that keeps its area's wheeling contracts in the switching store, and
/// completes a switch inside the hub's transaction, under the change feed's lock so that feed positions become
/// visible in order. The same steps apply a remote TSO's answer to the hub's copy of the contracts, audited as
/// <paramref name="actor"/> "hub".
/// </summary>
public sealed class LocalTsoService(int area, SwitchingDbContext db, TimeProvider clock, string actor = LocalTsoService.Actor) : ITsoService
{
    /// <summary>Actor of the TSO's steps in the audit trail.</summary>
    public const string Actor = "tso";

    public int Area => area;

    public async Task<TsoSwitchResult> CompleteSwitchAsync(TsoSwitchOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        await db.StoreLocks.Where(l => l.Name == StoreLock.ChangeFeed)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), cancellationToken)
            .ConfigureAwait(false);
        var open = await db.WheelingContracts
            .SingleOrDefaultAsync(c => c.SupplyPointId == order.SupplyPointId && c.EndDate == null, cancellationToken)
            .ConfigureAwait(false);
        if (open is null || open.RetailerCode != order.FromRetailer || open.StartDate >= order.SwitchDate)
        {
            return new TsoSwitchResult(false, null, null, "the current contract is not the switch-out's, or starts on or after the switch date");
        }

        var seq = (await db.WheelingContracts.MaxAsync(c => (long?)c.ChangeSeq, cancellationToken).ConfigureAwait(false) ?? 0) + 1;
        open.EndDate = order.SwitchDate;
        open.ChangeSeq = seq++;
        var started = new WheelingContract { SupplyPointId = order.SupplyPointId, RetailerCode = order.ToRetailer, StartDate = order.SwitchDate, ChangeSeq = seq };
        db.WheelingContracts.Add(started);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Subject = "contract",
            SubjectId = open.Id.ToString(CultureInfo.InvariantCulture),
            Action = "ended",
            Detail = string.Create(CultureInfo.InvariantCulture, $"{open.RetailerCode} ends {order.SwitchDate:yyyy-MM-dd} by {order.SwitchOutNumber} (area {area:D2})"),
        });
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Subject = "contract",
            SubjectId = started.Id.ToString(CultureInfo.InvariantCulture),
            Action = "started",
            Detail = string.Create(CultureInfo.InvariantCulture, $"{started.RetailerCode} starts {order.SwitchDate:yyyy-MM-dd} by {order.SwitchInNumber} (area {area:D2})"),
        });
        return new TsoSwitchResult(true, open.Id, started.Id, null);
    }

    public async Task<TsoSwitchResult> ChangeSupplyAsync(TsoSupplyOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        await db.StoreLocks.Where(l => l.Name == StoreLock.ChangeFeed)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), cancellationToken)
            .ConfigureAwait(false);
        var open = await db.WheelingContracts
            .SingleOrDefaultAsync(c => c.SupplyPointId == order.SupplyPointId && c.EndDate == null, cancellationToken)
            .ConfigureAwait(false);
        var seq = (await db.WheelingContracts.MaxAsync(c => (long?)c.ChangeSeq, cancellationToken).ConfigureAwait(false) ?? 0) + 1;
        WheelingContract changed;
        if (order.Start)
        {
            var lastEnd = await db.WheelingContracts.Where(c => c.SupplyPointId == order.SupplyPointId).MaxAsync(c => c.EndDate, cancellationToken).ConfigureAwait(false);
            if (open is not null || (lastEnd is { } end && end > order.Date))
            {
                return new TsoSwitchResult(false, null, null, "the point is supplied on that date");
            }

            changed = new WheelingContract { SupplyPointId = order.SupplyPointId, RetailerCode = order.RetailerCode, StartDate = order.Date, ChangeSeq = seq };
            db.WheelingContracts.Add(changed);
        }
        else
        {
            if (open is null || open.RetailerCode != order.RetailerCode || open.StartDate >= order.Date)
            {
                return new TsoSwitchResult(false, null, null, "the retailer has no contract to end on that date");
            }

            open.EndDate = order.Date;
            open.ChangeSeq = seq;
            changed = open;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor,
            Subject = "contract",
            SubjectId = changed.Id.ToString(CultureInfo.InvariantCulture),
            Action = order.Start ? "started" : "ended",
            Detail = string.Create(CultureInfo.InvariantCulture, $"{order.RetailerCode} {(order.Start ? "starts" : "ends")} {order.Date:yyyy-MM-dd} by {order.ApplicationNumber} (area {area:D2})"),
        });
        return new TsoSwitchResult(true, order.Start ? null : changed.Id, order.Start ? changed.Id : null, null);
    }

    /// <summary>
    /// The TSO's side of an ampere change: refused for a point it holds as high voltage (its contract is by
    /// capacity), a current that is not a standard one, or a retailer its contracts do not show supplying the point
    /// on the date; an order older than the one the point already reflects is answered as done and changes nothing;
    /// otherwise the point's contract current and <see cref="SupplyPoint.AmpereOrder"/> change.
    /// </summary>
    public async Task<TsoSwitchResult> ChangeAmperesAsync(TsoAmpereOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var point = await db.SupplyPoints.SingleOrDefaultAsync(p => p.Id == order.SupplyPointId, cancellationToken).ConfigureAwait(false);
        if (point is null)
        {
            return new TsoSwitchResult(false, null, null, $"supply point {order.SupplyPointId} is not among this TSO's supply points");
        }

        if (point.VoltageClass != VoltageClasses.Low)
        {
            return new TsoSwitchResult(false, null, null, "the point is high voltage at this TSO: its contract is by capacity, not by amperes");
        }

        if (!Applications.IF_10910_AmpereChange.AmpereValueRule.Standard.Contains(order.Amperes))
        {
            return new TsoSwitchResult(false, null, null, string.Create(CultureInfo.InvariantCulture, $"{order.Amperes} A is not a standard contract current"));
        }

        var supplies = await db.WheelingContracts
            .AnyAsync(c => c.SupplyPointId == order.SupplyPointId && c.RetailerCode == order.RetailerCode && c.StartDate <= order.Date && (c.EndDate == null || c.EndDate > order.Date), cancellationToken)
            .ConfigureAwait(false);
        if (!supplies)
        {
            return new TsoSwitchResult(false, null, null, string.Create(CultureInfo.InvariantCulture, $"{order.RetailerCode} does not supply the point on {order.Date:yyyy-MM-dd} in this TSO's contracts"));
        }

        string action, detail;
        if (order.Seq < point.AmpereOrder)
        {
            // An older hub order arriving after a newer one (the hub sends in order, but a repeat of an old order
            // can still come late): the newer current stays; the order is answered as done, as the hub's own copy
            // also keeps the newer one (Applications/IF_10910_AmpereChange).
            action = "amperes-kept";
            detail = string.Create(CultureInfo.InvariantCulture,
                $"{order.Amperes} A by {order.ApplicationNumber} (hub order {order.Seq}) not applied: the point already reflects the newer hub order {point.AmpereOrder} ({point.ContractAmperes?.ToString(CultureInfo.InvariantCulture) ?? "-"} A), area {area:D2}");
        }
        else
        {
            action = "amperes-changed";
            detail = string.Create(CultureInfo.InvariantCulture,
                $"contract current {point.ContractAmperes?.ToString(CultureInfo.InvariantCulture) ?? "-"} A → {order.Amperes} A, effective {order.Date:yyyy-MM-dd}, by {order.ApplicationNumber} (hub order {order.Seq}, area {area:D2})");
            point.ContractAmperes = order.Amperes;
            point.AmpereOrder = order.Seq;
        }

        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor,
            Subject = "supply-point",
            SubjectId = point.Id,
            Action = action,
            Detail = detail,
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new TsoSwitchResult(true, null, null, null);
    }
}
