using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Engine.Vee;
using Renkei.Metering.Engine.Window;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Engine.Window;

/// <summary>
/// A meter replaced at 00:40, inside slot 2 (00:30–01:00): the slot is the old meter's part (its register at
/// 00:30 → its final register) plus the new meter's part (its initial register → its register at 01:00), each ×
/// its own multiplier. Every value below is computed by hand in its comment.
/// </summary>
public sealed class ReplacementSplitTests
{
    private static readonly DateTimeOffset At0040 = EngineHarness.Boundary(1).AddMinutes(10);

    private static Kwh K(string kwh) => Kwh.Parse(kwh);

    private static MeterBuilder Old() => new MeterBuilder().Id("OLD");

    private static MeterBuilder New() => new MeterBuilder().Id("NEW").InstalledAt(At0040);

    [Fact]
    public void ReplacementWithChangeOfMultiplier_SplitsTheSlotIntoEachMetersPartTimesItsMultiplier()
    {
        using var h = new EngineHarness(
            Old().RemovedAt(At0040, "100.7000").Build(),
            New().Multiplier(40).Initial("0").Build());
        var outcome = h.Ingest(
            h.Read("OLD", 0, "100.0000"), h.Read("OLD", 1, "100.5000"),
            h.Read("NEW", 2, "0.0100"), h.Read("NEW", 3, "0.0300"));
        h.Close(1);
        h.Close(2);
        h.Close(3);

        var day = h.DayOf(MeterBuilder.SupplyPointA);

        Assert.Equal(4, outcome.Accepted);

        // Slot 1: 100.5 − 100.0 = 0.5 × 1. Slot 2: (100.7 − 100.5) × 1 + (0.01 − 0) × 40 = 0.2 + 0.4.
        // Slot 3: (0.03 − 0.01) × 40 = 0.8.
        Assert.Equal(new IntervalValue(K("0.5"), Quality.Actual, true), day[0]);
        Assert.Equal(new IntervalValue(K("0.6"), Quality.Actual, true), day[1]);
        Assert.Equal(new IntervalValue(K("0.8"), Quality.Actual, true), day[2]);
        Assert.Equal(K("0.2"), h.ValueOf("OLD", 2).Energy);
        Assert.Equal(K("0.4"), h.ValueOf("NEW", 2).Energy);
    }

    [Fact]
    public void ReplacementWithTheNewMetersFirstReadMissing_EstimatesItsPartExactlyAndLaterSlotsToo()
    {
        using var h = new EngineHarness(
            Old().RemovedAt(At0040, "100.7000").Build(),
            New().Multiplier(40).Initial("0").Build());
        h.Ingest(h.Read("OLD", 0, "100.0000"), h.Read("OLD", 1, "100.5000"), h.Read("NEW", 3, "0.0300"));
        h.Close(2);
        h.Close(3);

        var day = h.DayOf(MeterBuilder.SupplyPointA);

        // The new meter's 0.03 from its initial register to 01:30 is shared over slots 2 and 3: 0.015 × 40 = 0.6
        // each. Slot 2: 0.2 (old, actual) + 0.6 = 0.8, estimated; slots 2 and 3 sum to 0.2 + 0.03 × 40 = 1.4.
        Assert.Equal(new IntervalValue(K("0.8"), Quality.Estimated, true), day[1]);
        Assert.Equal(new IntervalValue(K("0.6"), Quality.Estimated, true), day[2]);
    }

    [Fact]
    public void ReplacementWithTheOldMetersLastReadMissing_EstimatesFromItsEarlierReadToItsFinalRegister()
    {
        using var h = new EngineHarness(
            Old().RemovedAt(At0040, "100.7000").Build(),
            New().Multiplier(40).Initial("0").Build());
        h.Ingest(h.Read("OLD", 0, "100.0000"), h.Read("NEW", 2, "0.0100"));
        h.Close(1);
        h.Close(2);

        var day = h.DayOf(MeterBuilder.SupplyPointA);

        // The old meter's 0.7 from 00:00 to its removal is shared over slots 1 and 2: 0.35 each.
        // Slot 2: 0.35 + 0.01 × 40 = 0.75, estimated.
        Assert.Equal(new IntervalValue(K("0.35"), Quality.Estimated, true), day[0]);
        Assert.Equal(new IntervalValue(K("0.75"), Quality.Estimated, true), day[1]);
    }

    [Fact]
    public void ReplacementWithoutAnyReadOfTheOldMeter_IsMissingNotAPartialSum()
    {
        using var h = new EngineHarness(
            Old().RemovedAt(At0040, "100.7000").Build(),
            New().Initial("0").Build());
        h.Ingest(h.Read("NEW", 2, "0.0100"));
        h.Close(2);

        Assert.Equal(new IntervalValue(null, Quality.Missing, true), h.DayOf(MeterBuilder.SupplyPointA)[1]);
    }

    [Fact]
    public void ReplacementWithChangeOfDigits_RollsEachMeterOverAtItsOwnTenPowerDigits()
    {
        // The old meter (5 digits) wraps at 100,000 kWh in slot 1; the new one (6 digits) at 1,000,000 in slot 2.
        using var h = new EngineHarness(
            Old().Digits(5).RemovedAt(At0040, "0.5000").Build(),
            New().Digits(6).Initial("999999.9000").Build());
        h.Ingest(h.Read("OLD", 0, "99999.8000"), h.Read("OLD", 1, "0.3000"), h.Read("NEW", 2, "0.1000"));
        h.Close(1);
        h.Close(2);

        var day = h.DayOf(MeterBuilder.SupplyPointA);

        // Slot 1: 0.3 + 100,000 − 99,999.8 = 0.5. Slot 2: (0.5 − 0.3) + (0.1 + 1,000,000 − 999,999.9) = 0.2 + 0.2.
        Assert.Equal(new IntervalValue(K("0.5"), Quality.Actual, true), day[0]);
        Assert.Equal(new IntervalValue(K("0.4"), Quality.Actual, true), day[1]);
    }

    [Fact]
    public void ReplacementOfAnExportMeterByAnImportOnlyOne_KeepsTheOldMetersExportPart()
    {
        using var h = new EngineHarness(
            Old().ExportRegisters(null, "20.3000").RemovedAt(At0040, "100.7000").Build(),
            New().Initial("0").Build());
        h.Ingest(
            h.Read("OLD", 1, "100.5000"), h.Read("OLD", 1, "20.0000", Direction.Export),
            h.Read("NEW", 2, "0.0100"));
        h.Close(2);

        // Export, slot 2: 20.3 − 20.0 = 0.3 from the old meter; the new one measures no export and adds nothing.
        Assert.Equal(new IntervalValue(K("0.3"), Quality.Actual, true), h.DayOf(MeterBuilder.SupplyPointA, direction: Direction.Export)[1]);
        Assert.Equal(new IntervalValue(K("0.21"), Quality.Actual, true), h.DayOf(MeterBuilder.SupplyPointA)[1]);
    }

    [Fact]
    public void ReplacementOfAnImportOnlyMeterByAnExportOne_CountsTheNewMetersExportFromItsInitialExportRegister()
    {
        using var h = new EngineHarness(
            Old().RemovedAt(At0040, "100.7000").Build(),
            New().Initial("0").ExportRegisters("3.0000", null).Build());
        h.Ingest(
            h.Read("OLD", 1, "100.5000"),
            h.Read("NEW", 2, "0.0100"), h.Read("NEW", 2, "3.2500", Direction.Export));
        h.Close(2);

        // Export, slot 2: 3.25 − 3.0 from the new meter's initial export register.
        Assert.Equal(new IntervalValue(K("0.25"), Quality.Actual, true), h.DayOf(MeterBuilder.SupplyPointA, direction: Direction.Export)[1]);
    }

    [Fact]
    public void ReplacementOfAnExportMeterWithoutItsFinalExportRegister_IsMissingForExport()
    {
        using var h = new EngineHarness(
            Old().WithExport().RemovedAt(At0040, "100.7000").Build(),
            New().Initial("0").WithExport().Build());
        h.Ingest(
            h.Read("OLD", 1, "100.5000"), h.Read("OLD", 1, "20.0000", Direction.Export),
            h.Read("NEW", 2, "0.0100"), h.Read("NEW", 2, "0.1000", Direction.Export));
        h.Close(2);

        // Neither meter's export register at 00:40 is known: no value can be right, so none is given.
        Assert.Equal(new IntervalValue(null, Quality.Missing, true), h.DayOf(MeterBuilder.SupplyPointA, direction: Direction.Export)[1]);
        Assert.Equal(Quality.Actual, h.DayOf(MeterBuilder.SupplyPointA)[1].Quality);
    }

    [Fact]
    public void ReplacementWhoseFinalRegisterIsBelowTheLastRead_IsInvalidNotARollOver()
    {
        // A 5-digit meter at 99,999.9 whose final register is 0.1 could be a wrap; a final register is read by
        // the technician at removal, and one below the last read is flagged, not taken for a roll-over.
        using var h = new EngineHarness(
            Old().Digits(5).RemovedAt(At0040, "0.1000").Build(),
            New().Initial("0").Build());
        h.Ingest(h.Read("OLD", 1, "99999.9000"), h.Read("NEW", 2, "0.0100"));
        h.Close(2);

        Assert.Equal(new IntervalValue(null, Quality.Invalid, true), h.DayOf(MeterBuilder.SupplyPointA)[1]);
    }

    [Fact]
    public void MeterInstalledAndRemovedInsideOneSlot_CountsItsFinalMinusInitialRegister()
    {
        using var h = new EngineHarness(
            Old().RemovedAt(At0040, "100.7000").Build(),
            new MeterBuilder().Id("TEMP").InstalledAt(At0040).Initial("5").RemovedAt(At0040.AddMinutes(10), "5.0500").Build(),
            New().InstalledAt(At0040.AddMinutes(10)).Initial("0").Build());
        h.Ingest(h.Read("OLD", 1, "100.5000"), h.Read("NEW", 2, "0.0100"));
        h.Close(2);

        // 0.2 (old, 00:30–00:40) + 0.05 (temporary meter, 00:40–00:50) + 0.01 (new, 00:50–01:00).
        Assert.Equal(new IntervalValue(K("0.26"), Quality.Actual, true), h.DayOf(MeterBuilder.SupplyPointA)[1]);
    }

    [Fact]
    public void ReadsAtTheReplacementSlotsBoundaries_OutsideEachMetersPeriod_AreRejectedWithTheInstant()
    {
        using var h = new EngineHarness(
            Old().RemovedAt(At0040, "100.7000").Build(),
            New().Initial("0").WithExport().Build());

        var outcome = h.Ingest(
            h.Read("OLD", 2, "100.9000", line: 1),
            h.Read("NEW", 1, "0.0000", line: 2),
            h.Read("NEW", 1, "0.0000", Direction.Export, line: 3),
            h.Read("OLD", 1, "100.5000", line: 4));

        Assert.Equal(1, outcome.Accepted);
        Assert.Equal(
            [
                (1, "read is after the meter's removal at 2026-04-01T00:40:00+09:00"),
                (2, "read is before the meter's installation at 2026-04-01T00:40:00+09:00"),
                (3, "read is before the meter's installation at 2026-04-01T00:40:00+09:00"),
            ],
            outcome.Rejected.OrderBy(r => r.Line).Select(r => (r.Line, r.Reason)));
    }

    [Fact]
    public void RemovalRecordedWhileRunning_AtAnyMinute_SplitsTheSlotFromThen()
    {
        using var h = new EngineHarness(Old().Build());
        Assert.True(h.Registry.TryGetOrdinal("OLD", out var old));
        h.Ingest(h.Read("OLD", 0, "100.0000"), h.Read("OLD", 1, "100.5000"));

        var change = RegistryChanges.Apply(h.Registry, [h.Registry[old] with { RemovedAt = At0040, FinalRegister = K("100.7000") }, New().Initial("0").Build()]);
        h.Engine.ApplyRegistryChanges();
        h.Ingest(h.Read("NEW", 2, "0.0100"));
        h.Close(2);

        Assert.Equal((1, 1), (change.Added, change.Removed));
        Assert.Equal(new IntervalValue(K("0.21"), Quality.Actual, true), h.DayOf(MeterBuilder.SupplyPointA)[1]);
    }

    [Fact]
    public void RuleOf_NamesTheReplacementSplitAndTheFailedCheck()
    {
        var registry = new MeterRegistry();
        var old = registry.Add(Old().Digits(5).RemovedAt(At0040, "99999.9500").Build());
        var replaced = registry.Add(New().Initial("0").Build());
        var broken = registry.Add(new MeterBuilder().Id("BROKEN").At(MeterBuilder.SupplyPointB).RemovedAt(At0040, "1.0000").Build());
        var window = new RegisterWindow(registry, windowDays: 2, partitionCount: 1);
        var admission = new ReadAdmission(window, leaving: null);
        var part = window.Partitions[0];
        foreach (var (o, k, kwh) in new[] { (old, 0, "99999.8000"), (old, 1, "99999.9000"), (replaced, 2, "0.0100"), (broken, 1, "2.0000"), (replaced, 4, "0.0300") })
        {
            var read = new MeterRead(1, o, EngineHarness.Boundary(k).UtcTicks, K(kwh).Units, Direction.Import);
            Assert.Equal(AdmissionResult.Accepted, admission.Apply(part, read, long.MaxValue, out _));
        }

        long G(int k) => RegisterWindow.BoundaryOf(EngineHarness.Boundary(k).UtcTicks);

        Assert.Equal(VeeRule.ActualDelta, window.RuleOf(part, old, Direction.Import, G(0)));
        Assert.Equal(VeeRule.ReplacementSplit, window.RuleOf(part, old, Direction.Import, G(1)));
        Assert.Equal(VeeRule.ReplacementSplit, window.RuleOf(part, replaced, Direction.Import, G(1)));
        Assert.Equal(VeeRule.Estimation, window.RuleOf(part, replaced, Direction.Import, G(2)));
        Assert.Equal(VeeRule.NotInstalled, window.RuleOf(part, old, Direction.Import, G(2)));
        Assert.Equal(VeeRule.InvalidFinalBelowLastRead, window.RuleOf(part, broken, Direction.Import, G(1)));
    }
}
