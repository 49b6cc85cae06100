using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Simulator.Fleet;

namespace Renkei.Simulator.Tests.Fleet;

public class MeterFleetTests
{
    [Fact]
    public void Create_EveryMeterOnWinterEveningPeaks_StaysWithinItsMaxPerSlot()
    {
        // The curve's peak: January (season 135 %) weekday evenings 17:00–19:00 (profile 170–180 %), over
        // enough days that the per-slot noise (70–130 %) reaches its top for every meter.
        var meters = MeterFleet.Create(20_000, TsoArea.Tokyo).Meters;
        var slots = Enumerable.Range(0, 31)
            .Select(d => new DateOnly(2026, 1, 1).AddDays(d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .SelectMany(d => Enumerable.Range(35, 4).Select(n => new Slot(d, n)))
            .ToArray();

        var over = meters
            .Select(m => (m.MeterId, m.MaxPerSlot.Units, Peak: slots.Max(s => LoadCurve.ImportUnits(m, s))))
            .Where(x => x.Peak > x.Units)
            .ToList();

        Assert.Empty(over);
    }

    [Fact]
    public void Create_SameSeed_GivesSameFleetAndOtherSeedAnother()
    {
        var a = MeterFleet.Create(300, TsoArea.Chubu, seed: 4).Meters;
        var b = MeterFleet.Create(300, TsoArea.Chubu, seed: 4).Meters;
        var c = MeterFleet.Create(300, TsoArea.Chubu, seed: 5).Meters;

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(a, m => Assert.Equal(TsoArea.Chubu, m.SupplyPointId.Area));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Create_CountBelowOne_Throws(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MeterFleet.Create(count, TsoArea.Tokyo));
    }
}
