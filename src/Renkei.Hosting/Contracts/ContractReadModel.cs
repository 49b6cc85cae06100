using Renkei.Domain.Identifiers;

namespace Renkei.Hosting.Contracts;

/// <summary>
/// A read model of wheeling-contract periods, fed by switching's change feed (<see cref="ContractFeedFollower"/>).
/// The gateway asks it one question per data request: did retailer R hold supply point P's contract on date D
/// (<see cref="MayRead(RetailerCode, SupplyPointId, DateOnly)"/>)? The metering node asks the other one, for bulk output: which supply points did R hold
/// on D (<see cref="HoldingsOf"/>, <see cref="ContractHoldings.HeldOn(DateOnly)"/>)?
/// </summary>
public sealed class ContractReadModel : FeedReadModel<ContractFeedItem>
{
    private readonly Dictionary<string, Dictionary<long, ContractPeriod>> bySupplyPoint = new(StringComparer.Ordinal);

    // Supply point → its reading schedule code (検針日程) as the latest feed item for the point named it.
    private readonly Dictionary<string, string?> scheduleBySupplyPoint = new(StringComparer.Ordinal);

    // Retailer → its contracts by contract ID (mutated under the write lock), and the sorted snapshot readers get.
    private readonly Dictionary<string, Dictionary<long, ContractHolding>> byRetailer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContractHolding[]> snapshots = new(StringComparer.Ordinal);

    /// <summary>Every contract item applies: the feed carries only what switching stored.</summary>
    protected override IEnumerable<ContractFeedItem> Check(IEnumerable<ContractFeedItem> items) => items;

    protected override void ApplyChecked(IEnumerable<ContractFeedItem> items)
    {
        foreach (var c in items)
        {
            if (!bySupplyPoint.TryGetValue(c.SupplyPointId, out var periods))
            {
                periods = [];
                bySupplyPoint.Add(c.SupplyPointId, periods);
            }

            // A contract never changes retailer, but be exact if a feed ever said otherwise.
            if (periods.TryGetValue(c.ContractId, out var before) && !string.Equals(before.RetailerCode, c.RetailerCode, StringComparison.Ordinal)
                && byRetailer.TryGetValue(before.RetailerCode, out var previousOwner))
            {
                previousOwner.Remove(c.ContractId);
                snapshots.Remove(before.RetailerCode);
            }

            periods[c.ContractId] = new ContractPeriod(c.RetailerCode, c.StartDate, c.EndDate);

            // Items come in feed order, and each names the point's schedule as it was at that change: the last wins.
            scheduleBySupplyPoint[c.SupplyPointId] = string.IsNullOrEmpty(c.ReadingSchedule) ? null : c.ReadingSchedule;
            if (!byRetailer.TryGetValue(c.RetailerCode, out var held))
            {
                held = [];
                byRetailer.Add(c.RetailerCode, held);
            }

            held[c.ContractId] = new ContractHolding(c.SupplyPointId, c.StartDate, c.EndDate);
            snapshots.Remove(c.RetailerCode);
        }
    }

    /// <summary>True only if <paramref name="retailer"/> held the contract of <paramref name="supplyPoint"/> on <paramref name="date"/>.</summary>
    public bool MayRead(RetailerCode retailer, SupplyPointId supplyPoint, DateOnly date) => MayRead(retailer.Value, supplyPoint.Value, date);

    /// <summary>As <see cref="MayRead(RetailerCode, SupplyPointId, DateOnly)"/>, on the codes' text (no parsing on hot paths).</summary>
    public bool MayRead(string retailer, string supplyPoint, DateOnly date)
    {
        Gate.EnterReadLock();
        try
        {
            if (!bySupplyPoint.TryGetValue(supplyPoint, out var periods))
            {
                return false;
            }

            foreach (var p in periods.Values)
            {
                if (string.Equals(p.RetailerCode, retailer, StringComparison.Ordinal)
                    && p.StartDate <= date && (p.EndDate is null || date < p.EndDate))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    /// <summary>
    /// The reading schedule code (検針日程) of <paramref name="supplyPoint"/> as the latest feed item for it said; null
    /// when the point has none or the feed has not named one (the metering node then cannot cut its reading period).
    /// </summary>
    public string? ReadingScheduleOf(string supplyPoint)
    {
        ArgumentNullException.ThrowIfNull(supplyPoint);
        Gate.EnterReadLock();
        try
        {
            return scheduleBySupplyPoint.GetValueOrDefault(supplyPoint);
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Every contract period <paramref name="retailer"/> holds or held, sorted by supply point ID then start: an
    /// immutable snapshot, rebuilt only after the retailer's contracts changed, so a bulk reader walks it without
    /// copying or locking while the feed keeps applying. Filter a date with <see cref="ContractHoldings.HeldOn(DateOnly)"/>.
    /// </summary>
    public ContractHoldings HoldingsOf(string retailer)
    {
        ArgumentNullException.ThrowIfNull(retailer);
        Gate.EnterUpgradeableReadLock();
        try
        {
            if (snapshots.TryGetValue(retailer, out var snapshot))
            {
                return new ContractHoldings(snapshot);
            }

            if (!byRetailer.TryGetValue(retailer, out var held))
            {
                return new ContractHoldings([]);
            }

            var built = held.Values.ToArray();
            Array.Sort(built, static (a, b) =>
            {
                var c = string.CompareOrdinal(a.SupplyPointId, b.SupplyPointId);
                return c != 0 ? c : a.Start.CompareTo(b.Start);
            });
            Gate.EnterWriteLock();
            try
            {
                snapshots[retailer] = built;
            }
            finally
            {
                Gate.ExitWriteLock();
            }

            return new ContractHoldings(built);
        }
        finally
        {
            Gate.ExitUpgradeableReadLock();
        }
    }

    /// <summary>The supply points <paramref name="retailer"/> held on <paramref name="date"/>, in ID order (allocation-free to walk).</summary>
    public ContractHoldings.ActiveEnumerable PointsOf(string retailer, DateOnly date) => HoldingsOf(retailer).HeldOn(date);

    private readonly record struct ContractPeriod(string RetailerCode, DateOnly StartDate, DateOnly? EndDate);
}

/// <summary>One contract period of a retailer: the supply point, start (inclusive) and end (exclusive, null while open).</summary>
public readonly record struct ContractHolding(string SupplyPointId, DateOnly Start, DateOnly? End)
{
    /// <summary>Whether the contract covers <paramref name="date"/>.</summary>
    public bool Covers(DateOnly date) => Start <= date && (End is null || date < End);

    /// <summary>How many days of [<paramref name="from"/>, <paramref name="to"/>) the contract covers.</summary>
    public int DaysWithin(DateOnly from, DateOnly to)
    {
        var start = Start > from ? Start : from;
        var end = End is { } e && e < to ? e : to;
        return Math.Max(0, end.DayNumber - start.DayNumber);
    }
}

/// <summary>A retailer's contract periods, sorted by supply point ID then start (an immutable snapshot).</summary>
public readonly struct ContractHoldings(ContractHolding[] items)
{
    public ReadOnlySpan<ContractHolding> Items => items;

    public int Count => items.Length;

    /// <summary>
    /// The supply points held on <paramref name="date"/>, in ID order, each once (a point held twice on one date is
    /// impossible: switching keeps one contract per point and day).
    /// </summary>
    public ActiveEnumerable HeldOn(DateOnly date) => new(items, date);

    /// <summary>Allocation-free enumeration of the supply points held on one date.</summary>
    public readonly struct ActiveEnumerable(ContractHolding[] items, DateOnly date)
    {
        public Enumerator GetEnumerator() => new(items, date);
    }

    public struct Enumerator(ContractHolding[] items, DateOnly date)
    {
        private int index = -1;

        public readonly string Current => items[index].SupplyPointId;

        public bool MoveNext()
        {
            while (++index < items.Length)
            {
                if (items[index].Covers(date))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
