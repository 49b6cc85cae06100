using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Tests.Engine.Window;

public sealed class ReplacementSplitPropertyTests
{
    /// <summary>
    /// A meter replaced at any minute inside a slot, by one with other digits and another multiplier, both rolling
    /// over, with reads missing here and there: every slot of the span is actual or estimated, a slot is actual
    /// exactly when both its boundary registers are known and then equals its consumption, and the span sums to
    /// each meter's register differences × its own multiplier, exactly.
    /// </summary>
    [Property(Arbitrary = [typeof(ReplacementScenarios)], MaxTest = 60)]
    public void ReplacementAtAnyMinute_SpanSumsToEachMetersRegisterDifferenceTimesItsMultiplier(ReplacementScenario s)
    {
        var r = s.Old.Steps.Length + 1;
        var n = r + s.New.Steps.Length;
        var replacedAt = EngineHarness.Boundary(r - 1).AddMinutes(s.Minute);

        // Cumulative consumption of each meter at each of its register points.
        var oldCum = Cumulative(0, s.Old.Steps);
        var newCum = Cumulative(s.NewPart, s.New.Steps);
        var oldFinal = ((s.Old.StartUnits + oldCum[^1]) % s.Old.RolloverUnits) + s.OldPart;
        var oldKept = Keep(s.OldDrops, oldCum, oldCum[^1] + s.OldPart, s.Old, finalMayNotWrap: true);
        var newKept = Keep(s.NewDrops, newCum, newCum[^1], s.New, finalMayNotWrap: false);

        var old = new MeterBuilder().Id("OLD").Digits(s.Old.Digits).Multiplier(s.Old.Multiplier).MaxPerSlot(Kwh.FromUnits(s.Old.MaxPerSlotUnits).ToString())
            .RemovedAt(replacedAt, Kwh.FromUnits(oldFinal).ToString()).Build();
        var replacement = new MeterBuilder().Id("NEW").Digits(s.New.Digits).Multiplier(s.New.Multiplier).MaxPerSlot(Kwh.FromUnits(s.New.MaxPerSlotUnits).ToString())
            .InstalledAt(replacedAt).Initial(Kwh.FromUnits(s.New.StartUnits).ToString()).Build();
        using var h = new EngineHarness(new IntervalEngineOptions { WindowDays = 4, Partitions = 2 }, old, replacement);
        if (EngineHarness.Boundary(n) > h.Clock.GetUtcNow())
        {
            h.Clock.SetUtcNow(EngineHarness.Boundary(n));
        }

        var reads = new List<MeterRead>();
        for (var k = 0; k < r; k++)
        {
            if (oldKept[k])
            {
                reads.Add(h.Read("OLD", k, Kwh.FromUnits((s.Old.StartUnits + oldCum[k]) % s.Old.RolloverUnits).ToString(), line: reads.Count + 1));
            }
        }

        for (var k = r; k <= n; k++)
        {
            if (newKept[k - r + 1])
            {
                reads.Add(h.Read("NEW", k, Kwh.FromUnits((s.New.StartUnits + newCum[k - r]) % s.New.RolloverUnits).ToString(), line: reads.Count + 1));
            }
        }

        var outcome = h.Ingest([.. reads]);
        Assert.Empty(outcome.Rejected);
        Assert.Equal(reads.Count, outcome.Accepted);
        var slot = new Slot(EngineHarness.Day, 1);
        for (var j = 1; j <= n; j++, slot = slot.Next())
        {
            Assert.True(h.Engine.CloseSlot(slot));
        }

        IntervalValue[] values = [.. h.DayOf(MeterBuilder.SupplyPointA), .. h.DayOf(MeterBuilder.SupplyPointA, EngineHarness.Day.AddDays(1))];
        long sum = 0;
        for (var j = 1; j <= n; j++)
        {
            var v = values[j - 1];
            Assert.True(v.Quality is Quality.Actual or Quality.Estimated, $"slot {j} is {v.Quality}");
            sum += v.Energy!.Value.Units;

            // Slot j's registers: the old meter's at boundaries j − 1 and j (its final one at r), the new meter's
            // from its initial one (point 0) at boundary r − 1.
            var known = j < r ? oldKept[j - 1] && oldKept[j]
                : j == r ? oldKept[r - 1] && newKept[1]
                : newKept[j - r] && newKept[j - r + 1];
            var consumption = j < r ? s.Old.Steps[j - 1] * s.Old.Multiplier
                : j == r ? (s.OldPart * s.Old.Multiplier) + (s.NewPart * s.New.Multiplier)
                : s.New.Steps[j - r - 1] * s.New.Multiplier;
            Assert.Equal(known, v.Quality == Quality.Actual);
            if (known)
            {
                Assert.Equal(consumption, v.Energy!.Value.Units);
            }
        }

        Assert.Equal(((oldCum[^1] + s.OldPart) * s.Old.Multiplier) + (newCum[^1] * s.New.Multiplier), sum);
    }

    private static long[] Cumulative(long first, long[] steps)
    {
        var cum = new long[steps.Length + 1];
        cum[0] = first;
        for (var i = 0; i < steps.Length; i++)
        {
            cum[i + 1] = cum[i] + steps[i];
        }

        return cum;
    }

    /// <summary>
    /// Which register points are read (the first, and the last one the registry holds, always). A dropped read is
    /// kept after all when the gap it would open could not be told apart from another: a gap that consumed a whole
    /// register turn, or a wrap onto the old meter's final register (which counts as invalid, not as a roll-over).
    /// Points: 0 … cum.Length − 1, then the final one at <paramref name="finalCum"/>.
    /// </summary>
    private static bool[] Keep(bool[] drops, long[] cum, long finalCum, MeterSide meter, bool finalMayNotWrap)
    {
        // For the old meter the points are boundary 0 … r − 1 and its final register; for the new one its initial
        // register (cum 0 … the part before boundary r is in cum[0]) and boundaries r … n, the last one the end.
        var points = finalMayNotWrap ? [.. cum, finalCum] : (long[])[0, .. cum];
        var kept = new bool[points.Length];
        kept[0] = true;
        kept[^1] = true;
        for (var i = 1; i < points.Length - 1; i++)
        {
            kept[i] = !drops[i - 1];
        }

        var last = 0;
        for (var i = 1; i < points.Length - 1; i++)
        {
            if (!kept[i])
            {
                var gap = points[i + 1] - points[last];
                var register = (meter.StartUnits + points[last]) % meter.RolloverUnits;
                kept[i] = gap >= meter.RolloverUnits || (finalMayNotWrap && i + 1 == points.Length - 1 && register + gap >= meter.RolloverUnits);
            }

            if (kept[i])
            {
                last = i;
            }
        }

        return kept;
    }
}

/// <summary>One meter's side of a replacement: digits, multiplier, physical maximum, first register and consumption per whole slot.</summary>
public sealed record MeterSide(int Digits, int Multiplier, long MaxPerSlotUnits, long StartUnits, long[] Steps)
{
    public long RolloverUnits => (Digits == 1 ? 10 : 100) * Kwh.UnitsPerKwh;

    public override string ToString() => $"digits {Digits}, ×{Multiplier}, max {MaxPerSlotUnits}, start {StartUnits}, steps [{string.Join(' ', Steps)}]";
}

/// <summary>
/// The old meter read at boundaries 0 … r − 1, removed <see cref="Minute"/> minutes into slot r after
/// <see cref="OldPart"/> more; the new one installed then, <see cref="NewPart"/> to boundary r, then its steps.
/// The drops say which reads between the first and the last of each meter are missing.
/// </summary>
public sealed record ReplacementScenario(MeterSide Old, long OldPart, MeterSide New, long NewPart, int Minute, bool[] OldDrops, bool[] NewDrops)
{
    public override string ToString() =>
        $"old ({Old}) part {OldPart}; new ({New}) part {NewPart}; at minute {Minute}; old drops [{string.Join(' ', OldDrops)}], new drops [{string.Join(' ', NewDrops)}]";
}

public static class ReplacementScenarios
{
    public static Arbitrary<ReplacementScenario> Scenario() =>
        (from old in Side()
         let lastOld = (old.StartUnits + old.Steps.Sum()) % old.RolloverUnits
         from oldPart in Gen.Choose(0, (int)Math.Min(old.MaxPerSlotUnits, old.RolloverUnits - 1 - lastOld))
         from replacement in Side()
         from newPart in Gen.Choose(0, (int)replacement.MaxPerSlotUnits)
         from minute in Gen.Choose(1, 29)
         from oldDrops in Gen.Elements(false, false, true).ArrayOf(old.Steps.Length)
         from newDrops in Gen.Elements(false, false, true).ArrayOf(replacement.Steps.Length)
         select new ReplacementScenario(old, oldPart, replacement, newPart, minute, oldDrops, newDrops))
        .ToArbitrary();

    private static Gen<MeterSide> Side() =>
        from digits in Gen.Elements(1, 2)
        let rollover = (digits == 1 ? 10 : 100) * (int)Kwh.UnitsPerKwh
        from multiplier in Gen.OneOf(Gen.Elements(1, 40), Gen.Choose(1, 1000))
        from max in Gen.OneOf(Gen.Choose(1, rollover - 1), Gen.Elements(rollover - 1))
        from start in Gen.OneOf(Gen.Choose(0, rollover - 1), Gen.Elements(0, rollover - 1))
        from slots in Gen.Choose(0, 47)
        from steps in Gen.OneOf(Gen.Choose(0, max), Gen.Elements(0, max)).Select(c => (long)c).ArrayOf(slots)
        select new MeterSide(digits, multiplier, max, start, steps);
}
