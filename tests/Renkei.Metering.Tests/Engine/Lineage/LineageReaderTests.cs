using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Engine.Lineage;
using Renkei.Metering.Engine.Vee;
using Renkei.Metering.History;

namespace Renkei.Metering.Tests.Engine.Lineage;

/// <summary>The lineage of a value for each VEE rule, hand-computed from the reads the test gives.</summary>
public sealed class LineageReaderTests
{
    [Fact]
    public void ActualDelta_NamesBothReads_TheMultiplierAndThePublication()
    {
        using var h = new EngineHarness(new MeterBuilder().Multiplier(40).Build());
        h.Ingest(h.Read("M1", 0, "123.4567"), h.Read("M1", 1, "123.4692"));
        h.Close(1);
        var publishedAt = h.Clock.GetUtcNow();

        var lineage = Explain(h, 1);

        // 123.4692 − 123.4567 = 0.0125 kWh on the register × 40 = 0.5 kWh.
        Assert.Equal(new IntervalValue(Kwh.Parse("0.5000"), Quality.Actual, true, lineage.Versions[0].Version), lineage.Value);
        Assert.True(lineage.ReadsHeld);
        var meter = Assert.Single(lineage.Meters);
        Assert.Equal(VeeRule.ActualDelta, meter.Rule);
        Assert.Equal(40, meter.Multiplier);
        Assert.Equal(new MeterValue(125, SlotQuality.Actual), meter.Value);
        Assert.Equal(
            [
                new LineageRead(ReadRole.Start, Boundary(0), 1_234_567, ReadSource.Read, publishedAt),
                new LineageRead(ReadRole.End, Boundary(1), 1_234_692, ReadSource.Read, publishedAt),
            ],
            meter.Reads);
        Assert.Null(meter.Gap);
        Assert.Equal(FailedCheck.None, meter.FailedCheck);
        var version = Assert.Single(lineage.Versions);
        Assert.Equal(-1, version.Ordinal);
        Assert.Equal(publishedAt, version.At);
    }

    [Fact]
    public void RollOver_IsNamedWhenTheRegisterWrapsAtTenPowerDigits()
    {
        using var h = new EngineHarness(new MeterBuilder().Digits(5).Build());
        h.Ingest(h.Read("M1", 0, "99999.9000"), h.Read("M1", 1, "0.2000"));
        h.Close(1);

        var meter = Assert.Single(Explain(h, 1).Meters);

        // 100000 − 99999.9 + 0.2 = 0.3 kWh.
        Assert.Equal(VeeRule.Rollover, meter.Rule);
        Assert.Equal(new MeterValue(3_000, SlotQuality.Actual), meter.Value);
    }

    [Fact]
    public void Estimate_NamesTheReadsAroundTheGap_TheShareAndTheAdvance()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "100.0000"), h.Read("M1", 3, "100.0010"));
        h.Close(1);
        h.Close(2);
        h.Close(3);

        var first = Assert.Single(Explain(h, 1).Meters);
        var second = Assert.Single(Explain(h, 2).Meters);

        // 10 units over 3 slots: 4, 3, 3 (the remainder to the first).
        Assert.Equal(VeeRule.Estimation, first.Rule);
        Assert.Equal(new MeterValue(4, SlotQuality.Estimated), first.Value);
        Assert.Equal(new LineageGap(3, 0, 10, false), first.Gap);
        Assert.Equal([ReadRole.Start, ReadRole.After], first.Reads.Select(r => r.Role));
        Assert.Equal(VeeRule.Estimation, second.Rule);
        Assert.Equal(new MeterValue(3, SlotQuality.Estimated), second.Value);
        Assert.Equal(new LineageGap(3, 1, 10, false), second.Gap);
        Assert.Equal([(ReadRole.Before, Boundary(0), 1_000_000L), (ReadRole.After, Boundary(3), 1_000_010L)], second.Reads.Select(r => (r.Role, r.Boundary, r.RegisterUnits)));
    }

    [Fact]
    public void RegisterGoingBack_IsInvalidWithTheNegativeAdvanceCheck()
    {
        using var h = new EngineHarness(new MeterBuilder().Digits(6).MaxPerSlot("50").Build());
        h.Ingest(h.Read("M1", 0, "500.0000"), h.Read("M1", 1, "499.0000"));
        h.Close(1);

        var meter = Assert.Single(Explain(h, 1).Meters);

        Assert.Equal(VeeRule.InvalidAdvance, meter.Rule);
        Assert.Equal(SlotQuality.Invalid, meter.Value.Quality);
        Assert.Equal(FailedCheck.NegativeAdvance, meter.FailedCheck);
        Assert.Equal(2, meter.Reads.Count);
    }

    [Fact]
    public void AdvanceAboveTheMaximum_IsInvalidWithTheAboveMaximumCheck()
    {
        using var h = new EngineHarness(new MeterBuilder().MaxPerSlot("50").Build());
        h.Ingest(h.Read("M1", 0, "10.0000"), h.Read("M1", 1, "60.0001"));
        h.Close(1);

        var meter = Assert.Single(Explain(h, 1).Meters);

        Assert.Equal(VeeRule.InvalidAdvance, meter.Rule);
        Assert.Equal(FailedCheck.AboveMaximum, meter.FailedCheck);
    }

    [Fact]
    public void EstimateAboveTheMaximum_IsInvalidAndKeepsTheGap()
    {
        using var h = new EngineHarness(new MeterBuilder().MaxPerSlot("50").Build());
        h.Ingest(h.Read("M1", 0, "0.0000"), h.Read("M1", 2, "100.0001"));
        h.Close(1);

        var meter = Assert.Single(Explain(h, 1).Meters);

        Assert.Equal(VeeRule.InvalidAdvance, meter.Rule);
        Assert.Equal(FailedCheck.AboveMaximum, meter.FailedCheck);
        Assert.Equal(new LineageGap(2, 0, null, false), meter.Gap);
    }

    [Fact]
    public void NoReadAfterTheGap_IsMissingWithTheReadBefore()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "100.0000"));
        h.Close(1);

        var lineage = Explain(h, 1);

        var meter = Assert.Single(lineage.Meters);
        Assert.Equal(VeeRule.Missing, meter.Rule);
        Assert.Equal((ReadRole.Start, Boundary(0)), (Assert.Single(meter.Reads).Role, meter.Reads[0].Boundary));
        Assert.Equal(Quality.Missing, lineage.Value.Quality);
    }

    [Fact]
    public void FirstSlotAfterInstallation_StartsFromTheRegistrysInitialRegister()
    {
        using var h = new EngineHarness(new MeterBuilder().InstalledAt(EngineHarness.Boundary(0)).Initial("10.0000").Build());
        h.Ingest(h.Read("M1", 1, "10.2500"));
        h.Close(1);

        var meter = Assert.Single(Explain(h, 1).Meters);

        Assert.Equal(VeeRule.ActualDelta, meter.Rule);
        Assert.Equal(new LineageRead(ReadRole.Start, Boundary(0), 100_000, ReadSource.Installation, null), meter.Reads[0]);
        Assert.Equal(ReadSource.Read, meter.Reads[1].Source);
    }

    [Fact]
    public void LateRead_AddsAVersionNamingTheMeter_AndDatesTheReadsByIt()
    {
        using var h = new EngineHarness(new MeterBuilder().Multiplier(2).Build());
        h.Ingest(h.Read("M1", 0, "100.0000"));
        h.Close(1);
        var publishedAt = h.Clock.GetUtcNow();
        h.Clock.Advance(TimeSpan.FromMinutes(7));
        h.Ingest(h.Read("M1", 1, "100.5000"));

        var lineage = Explain(h, 1);

        Assert.Equal(2, lineage.Versions.Count);
        Assert.Equal((-1, publishedAt, Quality.Missing, (Kwh?)null), (lineage.Versions[0].Ordinal, lineage.Versions[0].At, lineage.Versions[0].Value.Quality, lineage.Versions[0].Value.Energy));
        Assert.Equal((0, publishedAt.AddMinutes(7), Quality.Actual, (Kwh?)Kwh.Parse("1.0000")), (lineage.Versions[1].Ordinal, lineage.Versions[1].At, lineage.Versions[1].Value.Quality, lineage.Versions[1].Value.Energy));
        Assert.True(lineage.Versions[1].Version > lineage.Versions[0].Version);
        Assert.Equal(lineage.Versions[1].Version, lineage.Value.Version);
        Assert.All(Assert.Single(lineage.Meters).Reads, r => Assert.Equal(publishedAt.AddMinutes(7), r.ArrivedBy));
    }

    [Fact]
    public void TwoMeters_EachPartIsExplained_AndTheValueIsTheirSum()
    {
        using var h = new EngineHarness(new MeterBuilder().Id("M1").Build(), new MeterBuilder().Id("M2").Multiplier(3).Build());
        h.Ingest(h.Read("M1", 0, "1.0000"), h.Read("M1", 1, "1.1000"), h.Read("M2", 0, "2.0000"), h.Read("M2", 1, "2.0100"));
        h.Close(1);

        var lineage = Explain(h, 1);

        // 0.1 × 1 + 0.01 × 3.
        Assert.Equal(Kwh.Parse("0.1300"), lineage.Value.Energy);
        Assert.Equal([1, 3], lineage.Meters.Select(m => m.Multiplier));
    }

    [Fact]
    public void Export_IsExplainedFromTheExportRegisters()
    {
        using var h = new EngineHarness(new MeterBuilder().WithExport().Build());
        h.Ingest(h.Read("M1", 0, "5.0000", Direction.Export), h.Read("M1", 1, "5.2000", Direction.Export));
        h.Close(1);

        var lineage = Explain(h, 1, Direction.Export);

        Assert.Equal(Kwh.Parse("0.2000"), lineage.Value.Energy);
        Assert.Equal(VeeRule.ActualDelta, Assert.Single(lineage.Meters).Rule);
    }

    [Fact]
    public void UnpublishedSlot_ExplainsNothing()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "1.0000"), h.Read("M1", 1, "1.1000"));

        var lineage = Explain(h, 1);

        Assert.False(lineage.Value.Published);
        Assert.Empty(lineage.Meters);
        Assert.Empty(lineage.Versions);
    }

    [Fact]
    public void SlotBeyondTheWindow_AnswersTheHistorysValueAndVersion_WithoutReads()
    {
        var folder = Path.Combine(Path.GetTempPath(), "renkei-lineage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var store = new SqliteHistoryStore(Path.Combine(folder, "history.db"));
            var options = new IntervalEngineOptions { WindowDays = 1, Partitions = 1, History = store };
            using var h = new EngineHarness(options, EngineHarness.Boundary(12, EngineHarness.Day.AddDays(3)), new MeterBuilder().Multiplier(2).Build());
            h.Ingest(h.Read("M1", 0, "10.0000"), h.Read("M1", 1, "10.5000"));
            h.Close(1);
            var published = Explain(h, 1).Value.Version;
            h.Ingest(h.Read("M1", EngineHarness.Boundary(2, EngineHarness.Day.AddDays(1)), "20.0000"));

            var lineage = Explain(h, 1);

            Assert.False(lineage.ReadsHeld);
            Assert.Equal(new IntervalValue(Kwh.Parse("1.0000"), Quality.Actual, true, published), lineage.Value);
            var meter = Assert.Single(lineage.Meters);
            Assert.Null(meter.Rule);
            Assert.Empty(meter.Reads);
            Assert.Empty(lineage.Versions);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static PointLineage Explain(EngineHarness h, int slot, Direction direction = Direction.Import)
    {
        Assert.True(h.Registry.TryGetMeters(SupplyPointId.Parse(MeterBuilder.SupplyPointA), out var ordinals));
        return h.Engine.Explain(ordinals, new Slot(EngineHarness.Day, slot), direction);
    }

    private static long Boundary(int k) => EngineHarness.Boundary(k).UtcTicks / Slot.TicksPerSlot;
}
