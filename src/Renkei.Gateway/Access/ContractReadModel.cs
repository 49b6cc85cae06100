using Renkei.Domain.Identifiers;

namespace Renkei.Gateway.Access;

/// <summary>
/// The gateway's read model of wheeling-contract periods, fed by the switching change feed. Answers the one
/// question every data request asks: did retailer R hold supply point P's contract on date D?
/// </summary>
public sealed class ContractReadModel : IDisposable
{
    private readonly Dictionary<string, Dictionary<long, ContractPeriod>> bySupplyPoint = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim gate = new();
    private long cursor;

    /// <summary>The change-feed position applied so far.</summary>
    public long Cursor
    {
        get
        {
            gate.EnterReadLock();
            try
            {
                return cursor;
            }
            finally
            {
                gate.ExitReadLock();
            }
        }
    }

    public void Apply(IEnumerable<ContractFeedItem> changes, long next)
    {
        ArgumentNullException.ThrowIfNull(changes);
        gate.EnterWriteLock();
        try
        {
            foreach (var c in changes)
            {
                if (!bySupplyPoint.TryGetValue(c.SupplyPointId, out var periods))
                {
                    periods = [];
                    bySupplyPoint.Add(c.SupplyPointId, periods);
                }

                periods[c.ContractId] = new ContractPeriod(c.RetailerCode, c.StartDate, c.EndDate);
            }

            cursor = Math.Max(cursor, next);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>True only if <paramref name="retailer"/> held the contract of <paramref name="supplyPoint"/> on <paramref name="date"/>.</summary>
    public bool MayRead(RetailerCode retailer, SupplyPointId supplyPoint, DateOnly date)
    {
        gate.EnterReadLock();
        try
        {
            if (!bySupplyPoint.TryGetValue(supplyPoint.Value, out var periods))
            {
                return false;
            }

            foreach (var p in periods.Values)
            {
                if (string.Equals(p.RetailerCode, retailer.Value, StringComparison.Ordinal)
                    && p.StartDate <= date && (p.EndDate is null || date < p.EndDate))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    public void Dispose() => gate.Dispose();

    private readonly record struct ContractPeriod(string RetailerCode, DateOnly StartDate, DateOnly? EndDate);
}
