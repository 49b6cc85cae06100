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
        var open = await LockFeedAndReadOpenAsync(order.SupplyPointId, cancellationToken).ConfigureAwait(false);
        if (open is null || open.RetailerCode != order.FromRetailer || open.StartDate >= order.SwitchDate)
        {
            return new TsoSwitchResult(false, null, null, "the current contract is not the switch-out's, or starts on or after the switch date");
        }

        var seq = await NextChangeSeqAsync(cancellationToken).ConfigureAwait(false);
        open.EndDate = order.SwitchDate;
        open.ChangeSeq = seq++;
        var started = new WheelingContract { SupplyPointId = order.SupplyPointId, RetailerCode = order.ToRetailer, StartDate = order.SwitchDate, ChangeSeq = seq };
        db.WheelingContracts.Add(started);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        Audit(now, open, starts: false, order.SwitchDate, order.SwitchOutNumber);
        Audit(now, started, starts: true, order.SwitchDate, order.SwitchInNumber);
        return new TsoSwitchResult(true, open.Id, started.Id, null);
    }

    public async Task<TsoSwitchResult> ChangeSupplyAsync(TsoSupplyOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var open = await LockFeedAndReadOpenAsync(order.SupplyPointId, cancellationToken).ConfigureAwait(false);
        var seq = await NextChangeSeqAsync(cancellationToken).ConfigureAwait(false);
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
        Audit(clock.GetUtcNow(), changed, order.Start, order.Date, order.ApplicationNumber);
        return new TsoSwitchResult(true, order.Start ? null : changed.Id, order.Start ? changed.Id : null, null);
    }

    /// <summary>
    /// Numbers the point's contracts anew in the change feed, in their order, so that a follower reads them again
    /// with the point's facts as they are now (each item carries the point's reading schedule code): a change of the
    /// point's 検針日程 reaches the metering node through the feed at once, not only with the point's next contract
    /// change. The caller saves, in the transaction that changed the point.
    /// </summary>
    public async Task RenumberAsync(string supplyPointId, CancellationToken cancellationToken)
    {
        await LockFeedAsync(cancellationToken).ConfigureAwait(false);
        var contracts = await db.WheelingContracts
            .Where(c => c.SupplyPointId == supplyPointId)
            .OrderBy(c => c.ChangeSeq)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var seq = await NextChangeSeqAsync(cancellationToken).ConfigureAwait(false);
        foreach (var contract in contracts)
        {
            contract.ChangeSeq = seq++;
        }
    }

    /// <summary>Takes the change feed's lock: feed positions become visible in the order they are numbered.</summary>
    private Task<int> LockFeedAsync(CancellationToken cancellationToken) =>
        db.StoreLocks.Where(l => l.Name == StoreLock.ChangeFeed)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), cancellationToken);

    /// <summary>Takes the change feed's lock and reads the point's open contract under it.</summary>
    private async Task<WheelingContract?> LockFeedAndReadOpenAsync(string supplyPointId, CancellationToken cancellationToken)
    {
        await LockFeedAsync(cancellationToken).ConfigureAwait(false);
        return await db.WheelingContracts
            .SingleOrDefaultAsync(c => c.SupplyPointId == supplyPointId && c.EndDate == null, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The change feed's next position (under its lock).</summary>
    private async Task<long> NextChangeSeqAsync(CancellationToken cancellationToken) =>
        (await db.WheelingContracts.MaxAsync(c => (long?)c.ChangeSeq, cancellationToken).ConfigureAwait(false) ?? 0) + 1;

    /// <summary>The audit line of a contract that started or ended on <paramref name="date"/> by application <paramref name="by"/>.</summary>
    private void Audit(DateTimeOffset at, WheelingContract contract, bool starts, DateOnly date, string by) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = at,
            Actor = actor,
            Subject = "contract",
            SubjectId = contract.Id.ToString(CultureInfo.InvariantCulture),
            Action = starts ? "started" : "ended",
            Detail = string.Create(CultureInfo.InvariantCulture, $"{contract.RetailerCode} {(starts ? "starts" : "ends")} {DateText.Format(date)} by {by} (area {area:D2})"),
        });
}
