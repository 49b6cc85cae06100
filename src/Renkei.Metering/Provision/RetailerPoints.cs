using Renkei.Domain.Identifiers;
using Renkei.Hosting.Contracts;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Provision;

/// <summary>
/// Walks the supply points a retailer held within a period ([from, to), one day or a month), in ID order, each
/// once, with the days it held them (a bit per day), its voltage class and its meter ordinals. One walker per
/// request, reused from point to point: walking a million points allocates nothing per point.
/// </summary>
internal sealed class RetailerPoints(ContractHoldings holdings, DateOnly from, DateOnly to, VoltageFilter voltage, MeterRegistry registry)
{
    private int[] ordinals = new int[4];
    private int index;
    private int meters;
    private int skip;
    private int take = int.MaxValue;
    private int yielded;

    public string Current { get; private set; } = string.Empty;

    public VoltageClass Voltage { get; private set; }

    /// <summary>Bit d set: held on day from + d.</summary>
    public uint HeldDays { get; private set; }

    public ReadOnlySpan<int> Ordinals => ordinals.AsSpan(0, meters);

    public void Reset()
    {
        index = 0;
        yielded = 0;
    }

    /// <summary>Limits the walk to points <paramref name="from"/> (0-based) to <paramref name="from"/> + <paramref name="count"/> − 1: one part of a file.</summary>
    public RetailerPoints Window(int from, int count)
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

    private bool NextPoint()
    {
        var items = holdings.Items;
        while (index < items.Length)
        {
            var point = items[index].SupplyPointId;
            uint held = 0;

            // A point's periods are adjacent in the snapshot (sorted by ID then start).
            while (index < items.Length && string.Equals(items[index].SupplyPointId, point, StringComparison.Ordinal))
            {
                held |= DaysHeld(items[index]);
                index++;
            }

            if (held == 0 || !SupplyPointId.TryParse(point, out var id))
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
            HeldDays = held;
            return true;
        }

        return false;
    }

    /// <summary>Counts the points the walk yields (a first pass, e.g. to split files into parts), then rewinds.</summary>
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
