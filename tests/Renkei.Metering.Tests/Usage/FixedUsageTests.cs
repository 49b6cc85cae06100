using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Tests.Usage;

public sealed class FixedUsageTests
{
    [Fact]
    public void Compute_TwoFullDays_SumsExactlyToTheRegisterDifferenceWithMaxDemand()
    {
        var now = EngineHarness.Boundary(12, EngineHarness.Day.AddDays(2));
        using var h = new EngineHarness(new IntervalEngineOptions { WindowDays = 3, Partitions = 2 }, now, new MeterBuilder().Multiplier(2).Build());
        long register = 100_000;
        for (var k = 0; k <= 96; k++)
        {
            h.Ingest(h.Read("M1", EngineHarness.Boundary(k), $"{register / 10_000}.{register % 10_000:D4}"));
            register += k == 40 ? 9_000 : 1_000 + (k % 3);
        }

        for (var k = 0; k < 96; k++)
        {
            h.Engine.CloseSlot(Slot.Containing(EngineHarness.Boundary(k).AddMinutes(1)));
        }

        Assert.True(h.Registry.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointA), out var ordinals));
        var usage = FixedUsage.Compute(h.Engine, SupplyPointId.Parse(MeterBuilder.SupplyPointA), ordinals, EngineHarness.Day, EngineHarness.Day.AddDays(2));

        // The register advanced (last − first) over the 96 slots; × multiplier 2.
        var last = register - (1_000 + (96 % 3));
        Assert.Equal((last - 100_000) * 2 * 0.0001m, usage.Kwh);
        Assert.True(usage.Complete);
        Assert.True(usage.Fixed);
        Assert.Null(usage.Reason);
        Assert.Equal(96, usage.Actual);
        Assert.Equal(2, usage.Days.Count);
        Assert.Equal(usage.Kwh, usage.Days.Sum(d => d.Kwh));

        // The largest slot is the one starting at boundary 40 (20:00 JST): 0.9 kWh × 2 = 1.8 kWh, so 3.6 kW.
        Assert.Equal(3.6m, usage.MaxDemandKw);
        Assert.Equal("2026-04-01T20:00:00+09:00", usage.MaxDemandSlotStart);
    }

    [Fact]
    public void Compute_PeriodWithMissingSlots_IsNotComplete()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "1.0000"), h.Read("M1", 1, "1.5000"));
        h.Close(1);
        h.Close(2);
        Assert.True(h.Registry.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointA), out var ordinals));

        var usage = FixedUsage.Compute(h.Engine, SupplyPointId.Parse(MeterBuilder.SupplyPointA), ordinals, EngineHarness.Day, EngineHarness.Day.AddDays(1));

        Assert.False(usage.Complete);

        // Slots 3–48 are not closed yet: that is the first reason it is not fixed.
        Assert.False(usage.Fixed);
        Assert.Equal(FixedUsageRules.NotPublished, usage.Reason);
        Assert.Equal(0.5m, usage.Kwh);
        Assert.Equal(1, usage.Actual);
        Assert.Equal(47, usage.Missing);
    }
}
