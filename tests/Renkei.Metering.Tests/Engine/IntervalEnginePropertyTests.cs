using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Tests.Engine;

public class IntervalEnginePropertyTests
{
    /// <summary>
    /// Feeding a meter's register reads (with roll-overs) and closing each slot, every slot is actual and the
    /// intervals sum to (last register − first register + wraps × 10^digits) × multiplier, exactly.
    /// </summary>
    [Property(Arbitrary = [typeof(RegisterScenarios)], MaxTest = 60)]
    public void CloseSlots_AnyConsumptionsWithRollOvers_SumEqualsRegisterDifferenceTimesMultiplier(RegisterScenario s)
    {
        var meter = new MeterBuilder()
            .Digits(s.Digits)
            .Multiplier(s.Multiplier)
            .MaxPerSlot(Kwh.FromUnits(s.MaxPerSlotUnits).ToString())
            .Build();
        using var h = new EngineHarness(new IntervalEngineOptions { WindowDays = 4, Partitions = 2 }, meter);
        var rollover = s.RolloverUnits;

        // The register at each boundary: the previous one advanced by the slot's consumption, modulo 10^digits.
        var registers = new long[s.Consumptions.Length + 1];
        registers[0] = s.InitialUnits;
        for (var i = 0; i < s.Consumptions.Length; i++)
        {
            registers[i + 1] = (registers[i] + s.Consumptions[i]) % rollover;
        }

        var last = EngineHarness.Boundary(s.Consumptions.Length);
        if (last > h.Clock.GetUtcNow())
        {
            h.Clock.SetUtcNow(last);
        }

        var reads = registers
            .Select((units, k) => h.Read("M1", k, Kwh.FromUnits(units).ToString(), line: k + 1))
            .ToArray();
        var outcome = h.Ingest(reads);
        Assert.Empty(outcome.Rejected);
        Assert.Equal(reads.Length, outcome.Accepted);

        var slot = new Slot(EngineHarness.Day, 1);
        for (var i = 0; i < s.Consumptions.Length; i++, slot = slot.Next())
        {
            Assert.True(h.Engine.CloseSlot(slot));
        }

        long sum = 0;
        slot = new Slot(EngineHarness.Day, 1);
        for (var i = 0; i < s.Consumptions.Length; i++, slot = slot.Next())
        {
            var v = h.ValueOf("M1", slot.Number, slot.Date);
            Assert.Equal(Quality.Actual, v.Quality);
            sum += v.Energy!.Value.Units;
        }

        var wraps = 0;
        for (var k = 1; k < registers.Length; k++)
        {
            if (registers[k] < registers[k - 1])
            {
                wraps++;
            }
        }

        Assert.Equal((registers[^1] - registers[0] + (wraps * rollover)) * s.Multiplier, sum);
    }
}

/// <summary>A meter with few digits (so roll-overs happen), its multiplier and per-slot consumptions within its maximum.</summary>
public sealed record RegisterScenario(int Digits, int Multiplier, long MaxPerSlotUnits, long InitialUnits, long[] Consumptions)
{
    public long RolloverUnits => (Digits == 1 ? 10 : 100) * Kwh.UnitsPerKwh;

    public override string ToString() =>
        $"digits {Digits}, ×{Multiplier}, max {MaxPerSlotUnits}, initial {InitialUnits}, consumptions [{string.Join(' ', Consumptions)}]";
}

public static class RegisterScenarios
{
    public static Arbitrary<RegisterScenario> Scenario() =>
        (from digits in Gen.Elements(1, 2)
         let rollover = (digits == 1 ? 10 : 100) * (int)Kwh.UnitsPerKwh
         from multiplier in Gen.OneOf(Gen.Elements(1, 40), Gen.Choose(1, 1000))
         from max in Gen.OneOf(Gen.Choose(1, rollover - 1), Gen.Elements(rollover - 1))
         from initial in Gen.OneOf(Gen.Choose(0, rollover - 1), Gen.Elements(0, rollover - 1))
         from n in Gen.Choose(1, 96)
         from consumptions in Gen.OneOf(Gen.Choose(0, max), Gen.Elements(0, max)).Select(c => (long)c).ArrayOf(n)
         select new RegisterScenario(digits, multiplier, max, initial, consumptions))
        .ToArbitrary();
}
