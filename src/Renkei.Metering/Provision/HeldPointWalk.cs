using Renkei.Domain.Identifiers;
using Renkei.Hosting.Contracts;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Provision;

/// <summary>
/// Walks the supply points of a retailer's contract holdings in ID order, each once, that the metering node has meters
/// for and the voltage filter admits: its voltage class and meter ordinals, and whatever the walk's own
/// <see cref="Admit"/> decides from the point's contracts (which days were held). A window limits the walk to one
/// part of a file. One walker per request, reused from point to point: walking a million points allocates nothing
/// per point.
/// </summary>
internal abstract class HeldPointWalk(ContractHoldings holdings, VoltageFilter voltage, MeterRegistry registry)
{
    private int[] ordinals = new int[4];
    private int index;
    private int meters;
    private int skip;
    private int take = int.MaxValue;
    private int yielded;

    public string Current { get; private set; } = string.Empty;

    public VoltageClass Voltage { get; private set; }

    public ReadOnlySpan<int> Ordinals => ordinals.AsSpan(0, meters);

    public void Reset()
    {
        index = 0;
        yielded = 0;
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

    /// <summary>Limits the walk to points <paramref name="from"/> (0-based) to <paramref name="from"/> + <paramref name="count"/> − 1, and rewinds.</summary>
    protected void Limit(int from, int count)
    {
        skip = from;
        take = count;
        Reset();
    }

    /// <summary>
    /// Whether <paramref name="point"/> belongs to the walk, from its contract periods (adjacent in the snapshot,
    /// sorted by start); the walk keeps what it learns of the point (days held, period) for when it is yielded.
    /// </summary>
    protected abstract bool Admit(string point, ReadOnlySpan<ContractHolding> contracts);

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

            if (!SupplyPointId.TryParse(point, out var id) || !Admit(point, items[first..index]))
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
            return true;
        }

        return false;
    }
}
