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

    // Read on every ingested read from several threads at once, without locks; a meter's number there is its
    // ordinal (both are given in the order meters are added).
    private readonly Utf8KeyIndex ordinalByMeterId = new();

    // A supply point's meters as a chain: its first ordinal here, each next one in nextOfSamePoint (−1 ends it).
    // Most points have one meter, so this costs no list object per point.
    private readonly Dictionary<SupplyPointId, int> firstOrdinalBySupplyPoint = [];
    private readonly List<int> nextOfSamePoint = [];
    private readonly List<int> lastOfPoint = [];
    private readonly Lock gate = new();

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
            var ordinal = ordinalByMeterId.Add(meter.MeterId);
            if (ordinal < 0)
            {
                throw new InvalidOperationException($"meter {meter.MeterId} is already registered");
            }

            meters.Add(meter);
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

    public bool TryGetOrdinal(string meterId, out int ordinal)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        return ordinalByMeterId.TryGet(meterId.AsSpan(), out ordinal);
    }

    /// <summary>Looks a meter up by a span of the input buffer, without allocating a string (CSV ingest).</summary>
    public bool TryGetOrdinal(ReadOnlySpan<char> meterId, out int ordinal) =>
        ordinalByMeterId.TryGet(meterId, out ordinal);

    /// <summary>Looks a meter up by its UTF-8 bytes as a binary batch carries them (ingest hot path: no decoding, no allocation).</summary>
    public bool TryGetOrdinal(ReadOnlySpan<byte> meterIdUtf8, out int ordinal) =>
        ordinalByMeterId.TryGet(meterIdUtf8, out ordinal);

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
