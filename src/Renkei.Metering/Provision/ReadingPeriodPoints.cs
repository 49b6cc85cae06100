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
/// on that day are walked (the day's fixed-usage file).
/// </summary>
internal sealed class ReadingPeriodPoints(
    ContractHoldings holdings,
    int year,
    int month,
    DateOnly? readingDate,
    VoltageFilter voltage,
    MeterRegistry registry,
    ReadingPeriods periods) : HeldPointWalk(holdings, voltage, registry)
{
    private readonly DateOnly monthStart = new(year, month, 1);

    /// <summary>The point's reading period and, when it has none, why.</summary>
    public PeriodLookup Period { get; private set; }

    /// <summary>Bit d set: held on day Period.From + d (with no period: on the calendar month's day d + 1).</summary>
    public ulong HeldDays { get; private set; }

    /// <summary>Limits the walk to points <paramref name="skip"/> (0-based) to <paramref name="skip"/> + <paramref name="count"/> − 1: one part of a file.</summary>
    public ReadingPeriodPoints Window(int skip, int count)
    {
        Limit(skip, count);
        return this;
    }

    protected override bool Admit(string point, ReadOnlySpan<ContractHolding> contracts)
    {
        var lookup = periods.Of(point, year, month);
        if (readingDate is { } day && lookup.Period?.To != day)
        {
            return false;
        }

        var (from, to) = lookup.Period is { } p ? (p.From, p.To) : (monthStart, monthStart.AddMonths(1));
        ulong held = 0;
        foreach (ref readonly var contract in contracts)
        {
            held |= DaysHeld(contract, from, to);
        }

        Period = lookup;
        HeldDays = held;
        return held != 0;
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
