using Renkei.Domain.Identifiers;
using Renkei.Hosting.Contracts;
using Renkei.Metering.Registry;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Provision;

/// <summary>
/// Walks the supply points whose fixed usage for a month a retailer receives, in ID order, each once: per point its
/// own reading period (the month's reading closes it, <see cref="ReadingPeriods"/>), the days of it the retailer held
/// (a bit per day: a point that changed retailer during the period gives each retailer only its days), its voltage
/// class and meter ordinals. A point whose period cannot be cut is still yielded, with no period and the reason, if
/// the retailer held it on a day of the calendar month. With <c>readingDate</c> only the points whose period closes
/// on that day are walked (the day's fixed-usage file). One walker per request, reused from point to point.
/// </summary>
internal sealed class ReadingPeriodPoints(
    ContractHoldings holdings,
    int year,
    int month,
    DateOnly? readingDate,
    VoltageFilter voltage,
    MeterRegistry registry,
    ReadingPeriods periods)
{
    private readonly DateOnly monthStart = new(year, month, 1);
    private int[] ordinals = new int[4];
    private int index;
    private int meters;
    private int skip;
    private int take = int.MaxValue;
    private int yielded;

    public string Current { get; private set; } = string.Empty;

    public VoltageClass Voltage { get; private set; }

    /// <summary>The point's reading period and, when it has none, why.</summary>
    public PeriodLookup Period { get; private set; }

    /// <summary>Bit d set: held on day Period.From + d (with no period: on the calendar month's day d + 1).</summary>
    public ulong HeldDays { get; private set; }

    public ReadOnlySpan<int> Ordinals => ordinals.AsSpan(0, meters);

    public void Reset()
    {
        index = 0;
        yielded = 0;
    }

    /// <summary>Limits the walk to points <paramref name="from"/> (0-based) to <paramref name="from"/> + <paramref name="count"/> − 1: one part of a file.</summary>
    public ReadingPeriodPoints Window(int from, int count)
    {
        skip = from;
        take = count;
        Reset();
        return this;
    }

    public bool MoveNext()
    {
        while (NextPoint())
        {
            if (yielded++ < skip)
            {
                continue;
            }

            return yielded - skip <= take;
        }

        return false;
    }

    /// <summary>Counts the points the walk yields (to split a file into parts), then rewinds.</summary>
    public int Count()
    {
        Reset();
        var n = 0;
        while (MoveNext())
        {
            n++;
        }

        Reset();
        return n;
    }

    private bool NextPoint()
    {
        var items = holdings.Items;
        while (index < items.Length)
        {
            var point = items[index].SupplyPointId;
            var first = index;
            while (index < items.Length && string.Equals(items[index].SupplyPointId, point, StringComparison.Ordinal))
            {
                index++;
            }

            if (!SupplyPointId.TryParse(point, out var id))
            {
                continue;
            }

            var lookup = periods.Of(point, year, month);
            if (readingDate is { } day && lookup.Period?.To != day)
            {
                continue;
            }

            var (from, to) = lookup.Period is { } p ? (p.From, p.To) : (monthStart, monthStart.AddMonths(1));
            ulong held = 0;

            // A point's periods are adjacent in the snapshot (sorted by ID then start).
            for (var i = first; i < index; i++)
            {
                held |= DaysHeld(items[i], from, to);
            }

            if (held == 0)
            {
                continue;
            }

            var count = registry.CopyMetersOf(id, ordinals, out var voltageClass);
            if (count > ordinals.Length)
            {
                ordinals = new int[count];
                count = registry.CopyMetersOf(id, ordinals, out voltageClass);
            }

            // A point the metering node has no meter for has nothing to provide.
            if (count == 0 || !voltage.Admits(voltageClass))
            {
                continue;
            }

            meters = count;
            Current = point;
            Voltage = voltageClass;
            Period = lookup;
            HeldDays = held;
            return true;
        }

        return false;
    }

    private static ulong DaysHeld(in ContractHolding holding, DateOnly from, DateOnly to)
    {
        ulong mask = 0;
        var days = Math.Min(to.DayNumber - from.DayNumber, 64);
        for (var d = 0; d < days; d++)
        {
            if (holding.Covers(from.AddDays(d)))
            {
                mask |= 1UL << d;
            }
        }

        return mask;
    }
}
