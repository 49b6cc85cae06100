using System.Diagnostics.CodeAnalysis;
using Renkei.Domain.Identifiers;

namespace Renkei.Metering.Registry;

/// <summary>
/// The meters the engine knows, each with a dense ordinal (0, 1, 2, ...) by which all per-meter state is
/// indexed. Lookups by meter ID and supply point ID happen once per read or per query, never per slot.
/// </summary>
public sealed class MeterRegistry
{
    private readonly List<MeterInstallation> meters = [];

    // Read on every ingested read from several threads at once: a concurrent dictionary, looked up without locks.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> ordinalByMeterId = new(MeterIdComparer.Instance);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ordinalBySpan;

    // A supply point's meters as a chain: its first ordinal here, each next one in nextOfSamePoint (−1 ends it).
    // Most points have one meter, so this costs no list object per point.
    private readonly Dictionary<SupplyPointId, int> firstOrdinalBySupplyPoint = [];
    private readonly List<int> nextOfSamePoint = [];
    private readonly List<int> lastOfPoint = [];
    private readonly Lock gate = new();

    public MeterRegistry() => ordinalBySpan = ordinalByMeterId.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return meters.Count;
            }
        }
    }

    /// <summary>Adds a meter and returns its ordinal.</summary>
    /// <exception cref="InvalidOperationException">The meter ID is already registered.</exception>
    public int Add(MeterInstallation meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        if (meter.RegisterDigits is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(meter), meter.RegisterDigits, "register digits must be 1 to 12");
        }

        lock (gate)
        {
            if (ordinalByMeterId.ContainsKey(meter.MeterId))
            {
                throw new InvalidOperationException($"meter {meter.MeterId} is already registered");
            }

            var ordinal = meters.Count;
            meters.Add(meter);
            ordinalByMeterId[meter.MeterId] = ordinal;
            nextOfSamePoint.Add(-1);
            lastOfPoint.Add(ordinal);
            if (firstOrdinalBySupplyPoint.TryGetValue(meter.SupplyPointId, out var first))
            {
                // Append to the end of the point's chain (the first meter remembers the last one).
                nextOfSamePoint[lastOfPoint[first]] = ordinal;
                lastOfPoint[first] = ordinal;
            }
            else
            {
                firstOrdinalBySupplyPoint.Add(meter.SupplyPointId, ordinal);
            }

            return ordinal;
        }
    }

    /// <summary>Records a meter's removal (its final register and instant).</summary>
    public void SetRemoval(int ordinal, DateTimeOffset removedAt, Domain.Energy.Kwh finalRegister)
    {
        lock (gate)
        {
            meters[ordinal] = meters[ordinal] with { RemovedAt = removedAt, FinalRegister = finalRegister };
        }
    }

    public MeterInstallation this[int ordinal]
    {
        get
        {
            lock (gate)
            {
                return meters[ordinal];
            }
        }
    }

    public bool TryGetOrdinal(string meterId, out int ordinal) => ordinalByMeterId.TryGetValue(meterId, out ordinal);

    /// <summary>Looks a meter up by a span of the input buffer, without allocating a string (ingest hot path).</summary>
    public bool TryGetOrdinal(ReadOnlySpan<char> meterId, out int ordinal) =>
        ordinalBySpan.TryGetValue(meterId, out ordinal);

    /// <summary>
    /// Copies a supply point's meter ordinals into <paramref name="destination"/> without allocating (bulk output
    /// reads one point after another). Returns the number of meters: 0 for an unknown point; more than the
    /// destination's length means it was too short and only that many were copied. <paramref name="voltage"/> is
    /// the first meter's voltage class.
    /// </summary>
    public int CopyMetersOf(SupplyPointId supplyPoint, Span<int> destination, out VoltageClass voltage)
    {
        voltage = VoltageClass.Low;
        lock (gate)
        {
            if (!firstOrdinalBySupplyPoint.TryGetValue(supplyPoint, out var first))
            {
                return 0;
            }

            voltage = meters[first].VoltageClass;
            var count = 0;
            for (var o = first; o >= 0; o = nextOfSamePoint[o])
            {
                if (count < destination.Length)
                {
                    destination[count] = o;
                }

                count++;
            }

            return count;
        }
    }

    public bool TryGetMeters(SupplyPointId supplyPoint, [NotNullWhen(true)] out int[]? ordinals)
    {
        lock (gate)
        {
            if (firstOrdinalBySupplyPoint.TryGetValue(supplyPoint, out var first))
            {
                var count = 0;
                for (var o = first; o >= 0; o = nextOfSamePoint[o])
                {
                    count++;
                }

                ordinals = new int[count];
                var i = 0;
                for (var o = first; o >= 0; o = nextOfSamePoint[o])
                {
                    ordinals[i++] = o;
                }

                return true;
            }

            ordinals = null;
            return false;
        }
    }
}
