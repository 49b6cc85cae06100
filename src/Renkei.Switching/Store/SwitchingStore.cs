using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Formats.Text;
using Renkei.Hosting.Contracts;
using Renkei.Switching.Model;

namespace Renkei.Switching.Store;

/// <summary>Reads and writes of the switching store used by the internal API and the demo seed.</summary>
public sealed class SwitchingStore(SwitchingDbContext db)
{
    /// <summary>
    /// The change feed: contracts changed after <paramref name="after"/>, in change order, each with its point's
    /// reading schedule code (as the point has it when read).
    /// </summary>
    public async Task<ContractFeedPage> GetContractChangesAsync(long after, int limit, CancellationToken cancellationToken)
    {
        var items = await (from c in db.WheelingContracts.AsNoTracking()
                           join p in db.SupplyPoints.AsNoTracking() on c.SupplyPointId equals p.Id
                           where c.ChangeSeq > after
                           orderby c.ChangeSeq
                           select new ContractFeedItem(c.ChangeSeq, c.Id, c.SupplyPointId, c.RetailerCode, c.StartDate, c.EndDate, p.ReadingSchedule))
            .Take(limit)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return new ContractFeedPage(items, items.Count == 0 ? after : items[^1].Seq);
    }

    /// <summary>
    /// The reading-schedule feed: the reading days loaded or moved after <paramref name="after"/>, in feed order (each
    /// day once, at its latest position).
    /// </summary>
    public async Task<ReadingScheduleFeedPage> GetReadingScheduleChangesAsync(long after, int limit, CancellationToken cancellationToken)
    {
        var rows = await db.ReadingScheduleDays.AsNoTracking()
            .Where(d => d.Seq > after)
            .OrderBy(d => d.Seq)
            .Take(limit)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var items = rows.ConvertAll(d => new ReadingScheduleFeedItem(d.Seq, d.Area.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), d.ScheduleCode, d.YearMonth, d.ReadingDate));
        return new ReadingScheduleFeedPage(items, items.Count == 0 ? after : items[^1].Seq);
    }

    /// <summary>The contracts of one supply point, oldest first.</summary>
    public Task<List<WheelingContract>> GetContractsAsync(SupplyPointId supplyPoint, CancellationToken cancellationToken) =>
        db.WheelingContracts.AsNoTracking()
            .Where(c => c.SupplyPointId == supplyPoint.Value)
            .OrderBy(c => c.StartDate)
            .ToListAsync(cancellationToken);

    public Task<List<Retailer>> GetRetailersAsync(CancellationToken cancellationToken) =>
        db.Retailers.AsNoTracking().OrderBy(r => r.Code).ToListAsync(cancellationToken);

    /// <summary>
    /// Records a switch of <paramref name="supplyPoint"/> to <paramref name="newRetailer"/> effective
    /// <paramref name="effective"/>: the open contract ends that day and a new one starts. One transaction.
    /// </summary>
    public async Task<WheelingContract> SwitchAsync(SupplyPointId supplyPoint, RetailerCode newRetailer, DateOnly effective, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockChangeFeedAsync(cancellationToken).ConfigureAwait(false);
        var open = await db.WheelingContracts
            .Where(c => c.SupplyPointId == supplyPoint.Value && c.EndDate == null)
            .SingleOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        var seq = await NextSeqAsync(cancellationToken).ConfigureAwait(false);
        if (open is not null)
        {
            if (open.StartDate >= effective)
            {
                throw new InvalidOperationException(
                    $"supply point {supplyPoint} has a contract starting {DateText.Format(open.StartDate)}; a switch must be later");
            }

            open.EndDate = effective;
            open.ChangeSeq = seq++;
        }

        var contract = new WheelingContract
        {
            SupplyPointId = supplyPoint.Value,
            RetailerCode = newRetailer.Value,
            StartDate = effective,
            ChangeSeq = seq,
        };
        db.WheelingContracts.Add(contract);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return contract;
    }

    /// <summary>
    /// Serialises writers of the change feed (an UPDATE of its lock row, held to commit), so that sequence numbers
    /// become visible in order and a reader's cursor never skips a number committed later.
    /// </summary>
    private Task<int> LockChangeFeedAsync(CancellationToken cancellationToken) =>
        db.StoreLocks.Where(l => l.Name == StoreLock.ChangeFeed)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), cancellationToken);

    private async Task<long> NextSeqAsync(CancellationToken cancellationToken) =>
        (await db.WheelingContracts.MaxAsync(c => (long?)c.ChangeSeq, cancellationToken).ConfigureAwait(false) ?? 0) + 1;
}
