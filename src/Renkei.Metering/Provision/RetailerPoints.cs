using Renkei.Hosting.Contracts;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Provision;

/// <summary>
/// Walks the supply points a retailer held within a period ([from, to), one day or a month), in ID order, each
/// once, with the days it held them (a bit per day), its voltage class and its meter ordinals.
/// </summary>
internal sealed class RetailerPoints(ContractHoldings holdings, DateOnly from, DateOnly to, VoltageFilter voltage, MeterRegistry registry)
    : HeldPointWalk(holdings, voltage, registry)
{
    /// <summary>Bit d set: held on day from + d.</summary>
    public uint HeldDays { get; private set; }

    /// <summary>Limits the walk to points <paramref name="skip"/> (0-based) to <paramref name="skip"/> + <paramref name="count"/> − 1: one part of a file.</summary>
    public RetailerPoints Window(int skip, int count)
    {
        Limit(skip, count);
        return this;
    }

    protected override bool Admit(string point, ReadOnlySpan<ContractHolding> contracts)
    {
        uint held = 0;
        foreach (ref readonly var contract in contracts)
        {
            held |= DaysHeld(contract);
        }

        HeldDays = held;
        return held != 0;
    }

    private uint DaysHeld(in ContractHolding holding)
    {
        uint mask = 0;
        var days = to.DayNumber - from.DayNumber;
        for (var d = 0; d < days && d < 32; d++)
        {
            if (holding.Covers(from.AddDays(d)))
            {
                mask |= 1u << d;
            }
        }

        return mask;
    }
}
