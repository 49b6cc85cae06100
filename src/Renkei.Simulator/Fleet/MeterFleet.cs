using System.Globalization;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;

namespace Renkei.Simulator.Fleet;

/// <summary>
/// A deterministic fleet of simulated meters in one TSO area: mostly low-voltage households (multiplier 1,
/// 6-digit registers), about 1 % high-voltage meters with a multiplier of 40, about 0.5 % with 5-digit registers
/// close to roll-over, and about 5 % with rooftop solar and an export register.
/// </summary>
/// <remarks>
/// Each meter is a function of its index and the seed, so the fleet stores nothing per meter: <see cref="Meters"/>
/// builds a meter when it is asked for. A benchmark of 30 million meters then measures the service's memory,
/// not 6 GB of simulated meters held on the side.
/// </remarks>
public sealed class MeterFleet
{
    private readonly TsoArea area;
    private readonly int seed;

    private MeterFleet(int count, TsoArea area, int seed)
    {
        this.area = area;
        this.seed = seed;
        Meters = new MeterList(this, count);
    }

    public IReadOnlyList<FleetMeter> Meters { get; }

    /// <summary>The seed the fleet's meters (and its faults' fates) are derived from.</summary>
    public int Seed => seed;

    /// <summary>The index of the meter with <paramref name="meterId"/> (<c>M</c> and nine digits, its index + 1), if the fleet has it.</summary>
    public bool TryIndexOf(string meterId, out int index)
    {
        index = -1;
        if (meterId is not { Length: 10 } || meterId[0] != 'M'
            || !int.TryParse(meterId.AsSpan(1), System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n < 1 || n > Meters.Count)
        {
            return false;
        }

        index = n - 1;
        return true;
    }

    public static MeterFleet Create(int count, TsoArea area, int seed = 1)
    {
        if (count is < 1 or > 50_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "the fleet must have 1 to 50,000,000 meters");
        }

        return new MeterFleet(count, area, seed);
    }

    private FleetMeter MeterAt(int i)
    {
        var h = LoadCurve.Hash(seed, i);
        var kind = h % 1000;
        var id = SupplyPointId.Parse(string.Create(CultureInfo.InvariantCulture, $"{(int)area:D2}1000{i:D16}"));
        var meterId = string.Create(CultureInfo.InvariantCulture, $"M{i + 1:D9}");
        var average = 1_500 + (long)(h >> 20) % 3_000; // 0.15 to 0.45 kWh per half hour

        // High voltage: 8× the average on the register, whose winter evening peak (× 1.8 profile × 1.35 season
        // × 1.3 noise) reaches 11.4 kWh, so the physical maximum is 20 kWh, not 10.
        return kind switch
        {
            < 10 => new FleetMeter(i, meterId, id, Multiplier.FromInt32(40), 6, Kwh.FromUnits((long)(h >> 12) % 10_000_000), Kwh.FromUnits(200_000), false, average * 8),
            < 15 => new FleetMeter(i, meterId, id, Multiplier.One, 5, Kwh.FromUnits(999_800_000 + (long)(h >> 24) % 150_000), Kwh.FromUnits(500_000), false, average),
            < 65 => new FleetMeter(i, meterId, id, Multiplier.One, 6, Kwh.FromUnits((long)(h >> 12) % 200_000_000), Kwh.FromUnits(500_000), true, average),
            _ => new FleetMeter(i, meterId, id, Multiplier.One, 6, Kwh.FromUnits((long)(h >> 12) % 200_000_000), Kwh.FromUnits(500_000), false, average),
        };
    }

    /// <summary>The fleet's meters, each built on demand (a new but equal record each time).</summary>
    private sealed class MeterList(MeterFleet fleet, int count) : IReadOnlyList<FleetMeter>
    {
        public int Count => count;

        public FleetMeter this[int index] => (uint)index < (uint)count
            ? fleet.MeterAt(index)
            : throw new ArgumentOutOfRangeException(nameof(index), index, "no meter with this index");

        public IEnumerator<FleetMeter> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return fleet.MeterAt(i);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
