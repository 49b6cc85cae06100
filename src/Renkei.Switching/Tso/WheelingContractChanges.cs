using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Formats.Text;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso;

/// <summary>
/// What a switch, a move-in and a move-out do to a store's wheeling contracts, checked against that store: the open
/// contract ends and the next starts, each change numbered in the change feed under its lock (so feed positions
/// become visible in order) and audited as <paramref name="actor"/>. The TSO runs them on the contracts it keeps
/// (<see cref="Node.LocalTsoService"/>), the hub on its copy once a TSO node has answered (<see cref="Hub.HubContractCopy"/>).
/// A refusal is returned with its reason; the caller drops whatever was staged.
/// </summary>
internal sealed class WheelingContractChanges(int area, SwitchingDbContext db, TimeProvider clock, string actor)
{
    public async Task<TsoSwitchResult> SwitchAsync(TsoSwitchOrder order, CancellationToken cancellationToken)
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
            Detail = string.Create(CultureInfo.InvariantCulture, $"{open.RetailerCode} ends {DateText.Format(order.SwitchDate)} by {order.SwitchOutNumber} (area {area:D2})"),
        });
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Subject = "contract",
            SubjectId = started.Id.ToString(CultureInfo.InvariantCulture),
            Action = "started",
            Detail = string.Create(CultureInfo.InvariantCulture, $"{started.RetailerCode} starts {DateText.Format(order.SwitchDate)} by {order.SwitchInNumber} (area {area:D2})"),
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
            Detail = string.Create(CultureInfo.InvariantCulture, $"{order.RetailerCode} {(order.Start ? "starts" : "ends")} {DateText.Format(order.Date)} by {order.ApplicationNumber} (area {area:D2})"),
        });
        return new TsoSwitchResult(true, order.Start ? null : changed.Id, order.Start ? changed.Id : null, null);
    }
}
