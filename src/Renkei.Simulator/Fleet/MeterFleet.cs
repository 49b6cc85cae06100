using System.Globalization;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;

namespace Renkei.Simulator.Fleet;

/// <summary>
/// A deterministic fleet of simulated meters in one TSO area: mostly low-voltage households (multiplier 1,
/// 6-digit registers), about 1 % high-voltage meters with a multiplier of 40, about 0.5 % with 5-digit registers
/// close to roll-over, and about 5 % with rooftop solar and an export register.
/// </summary>
public sealed class MeterFleet
{
    private MeterFleet(IReadOnlyList<FleetMeter> meters) => Meters = meters;

    public IReadOnlyList<FleetMeter> Meters { get; }

    public static MeterFleet Create(int count, TsoArea area, int seed = 1)
    {
        if (count is < 1 or > 50_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "the fleet must have 1 to 50,000,000 meters");
        }

        var meters = new FleetMeter[count];
        for (var i = 0; i < count; i++)
        {
            var h = LoadCurve.Hash(seed, i);
            var kind = h % 1000;
            var id = SupplyPointId.Parse(string.Create(CultureInfo.InvariantCulture, $"{(int)area:D2}1000{i:D16}"));
            var meterId = string.Create(CultureInfo.InvariantCulture, $"M{i + 1:D9}");
            var average = 1_500 + (long)(h >> 20) % 3_000; // 0.15 to 0.45 kWh per half hour

            // High voltage: 8× the average on the register, whose winter evening peak (× 1.8 profile × 1.35 season
            // × 1.3 noise) reaches 11.4 kWh, so the physical maximum is 20 kWh, not 10.
            FleetMeter meter = kind switch
            {
                < 10 => new FleetMeter(i, meterId, id, Multiplier.FromInt32(40), 6, Kwh.FromUnits((long)(h >> 12) % 10_000_000), Kwh.FromUnits(200_000), false, average * 8),
                < 15 => new FleetMeter(i, meterId, id, Multiplier.One, 5, Kwh.FromUnits(999_800_000 + (long)(h >> 24) % 150_000), Kwh.FromUnits(500_000), false, average),
                < 65 => new FleetMeter(i, meterId, id, Multiplier.One, 6, Kwh.FromUnits((long)(h >> 12) % 200_000_000), Kwh.FromUnits(500_000), true, average),
                _ => new FleetMeter(i, meterId, id, Multiplier.One, 6, Kwh.FromUnits((long)(h >> 12) % 200_000_000), Kwh.FromUnits(500_000), false, average),
            };
            meters[i] = meter;
        }

        return new MeterFleet(meters);
    }
}
