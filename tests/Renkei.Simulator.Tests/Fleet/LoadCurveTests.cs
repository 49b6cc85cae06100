using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Simulator.Fleet;

namespace Renkei.Simulator.Tests.Fleet;

public class LoadCurveTests
{
    private static readonly DateOnly Weekday = new(2026, 1, 14); // a Wednesday

    [Fact]
    public void ImportUnits_SameMeterAndSlot_IsDeterministic()
    {
        var a = MeterFleet.Create(50, TsoArea.Tokyo, seed: 9).Meters;
        var b = MeterFleet.Create(50, TsoArea.Tokyo, seed: 9).Meters;

        for (var i = 0; i < a.Count; i++)
        {
            for (var n = 1; n <= Slot.PerDay; n++)
            {
                var slot = new Slot(Weekday, n);
                Assert.Equal(LoadCurve.ImportUnits(a[i], slot), LoadCurve.ImportUnits(b[i], slot));
                Assert.Equal(LoadCurve.ExportUnits(a[i], slot), LoadCurve.ExportUnits(b[i], slot));
            }
        }
    }

    [Fact]
    public void ImportUnits_EveningPeak_IsAboveNightTroughOnAverage()
    {
        var meters = MeterFleet.Create(1_000, TsoArea.Tokyo).Meters;

        // 18:00–19:00 (slots 37, 38) against 03:00–04:00 (slots 7, 8).
        long Sum(int number) => meters.Sum(m => LoadCurve.ImportUnits(m, new Slot(Weekday, number)));
        var evening = Sum(37) + Sum(38);
        var night = Sum(7) + Sum(8);

        Assert.True(evening > night * 3, $"evening {evening} vs night {night}");
    }

    [Fact]
    public void ExportUnits_AtNightOrWithoutSolar_IsZero()
    {
        var meters = MeterFleet.Create(1_000, TsoArea.Tokyo).Meters;
        var solar = meters.First(m => m.HasSolar);
        var noSolar = meters.First(m => !m.HasSolar);

        Assert.Equal(0, LoadCurve.ExportUnits(solar, new Slot(Weekday, 2)));
        Assert.True(LoadCurve.ExportUnits(solar, new Slot(Weekday, 24)) > 0);
        Assert.Equal(0, LoadCurve.ExportUnits(noSolar, new Slot(Weekday, 24)));
    }
}
