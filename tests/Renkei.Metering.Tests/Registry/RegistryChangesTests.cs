using Renkei.Domain.Energy;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Registry;

public sealed class RegistryChangesTests
{
    private const string Header = "supply_point_id,meter_id,multiplier,register_digits,installed_at,initial_register_kwh,removed_at,final_register_kwh\n";

    [Fact]
    public void Apply_NewMeterAndRemoval_EngineTakesBothWhileRunning()
    {
        using var h = new EngineHarness(new MeterBuilder().Id("M1").InstalledAt(EngineHarness.Boundary(0)).Initial("10").Build());
        h.Ingest(h.Read("M1", 1, "10.5000"), h.Read("M1", 2, "11.0000"));
        var file = Header
            + $"{MeterBuilder.SupplyPointA},M1,1,6,{At(0)},10.0000,{At(3)},11.2000\n"
            + $"{MeterBuilder.SupplyPointA},M2,1,6,{At(3)},0.0000,,\n";

        var result = RegistryChanges.Apply(h.Registry, RegistryCsvParser.Parse(new StringReader(file)));
        h.Engine.ApplyRegistryChanges();

        Assert.Equal(new RegistryChangeResult(Added: 1, Removed: 1, Unchanged: 0), result);
        var after = h.Ingest(h.Read("M1", 4, "11.9000", line: 1), h.Read("M2", 4, "0.3000", line: 2));
        Assert.Equal(1, after.Accepted);
        Assert.Contains("after the meter's removal", Assert.Single(after.Rejected).Reason, StringComparison.Ordinal);
        for (var k = 1; k <= 4; k++)
        {
            h.Close(k);
        }

        // Slot 3 ends at the removal: the old meter's final register. Slot 4 is the new meter's first.
        var day = h.DayOf(MeterBuilder.SupplyPointA);
        Assert.Equal(Kwh.Parse("0.2000"), day[2].Energy);
        Assert.Equal(Kwh.Parse("0.3000"), day[3].Energy);
        Assert.All(day[..4], v => Assert.Equal(Quality.Actual, v.Quality));
    }

    [Fact]
    public void Apply_ChangedMultiplierOfInstalledMeter_RejectsTheWholeFileAndChangesNothing()
    {
        using var h = new EngineHarness(new MeterBuilder().Id("M1").InstalledAt(EngineHarness.Boundary(0)).Initial("10").Build());
        var file = Header
            + $"{MeterBuilder.SupplyPointA},M1,40,6,{At(0)},10.0000,,\n"
            + $"{MeterBuilder.SupplyPointB},M9,1,6,{At(0)},0.0000,,\n";

        var e = Assert.Throws<RegistryFileException>(() => RegistryChanges.Apply(h.Registry, RegistryCsvParser.Parse(new StringReader(file))));

        Assert.Contains("only a removal can be recorded", Assert.Single(e.Errors), StringComparison.Ordinal);
        Assert.False(h.Registry.TryGetOrdinal("M9", out _));
        Assert.Equal(1, h.Registry.Count);
    }

    [Fact]
    public void Parse_FileWithSeveralErrors_ListsEveryErrorWithItsLine()
    {
        var file = Header
            + "123,M1,1,6,2026-04-01T00:00:00+09:00,0,,\n"
            + $"{MeterBuilder.SupplyPointA},M2,0,6,2026-04-01T00:15:30+09:00,0,,\n"
            + $"{MeterBuilder.SupplyPointA},M3,1,6,2026-04-01T00:00:00+09:00,0,2026-04-01T01:00:00+09:00,\n";

        var e = Assert.Throws<RegistryFileException>(() => RegistryCsvParser.Parse(new StringReader(file)));

        Assert.Contains(e.Errors, x => x.StartsWith("line 2: supply_point_id:", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("line 3: multiplier:", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("line 3: installed_at:", StringComparison.Ordinal) && x.Contains("whole minute", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("line 4: final_register_kwh:", StringComparison.Ordinal));
        Assert.Equal(4, e.Errors.Count);
    }

    private static string At(int boundary) => EngineHarness.Boundary(boundary).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
}
