using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Tests.Engine;

public class IntervalEngineTests
{
    private static Kwh K(string kwh) => Kwh.Parse(kwh);

    [Fact]
    public void CloseSlot_TwoActualReads_PublishesRegisterDifference()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "1000.0000"), h.Read("M1", 1, "1000.2500"));

        h.Close(1);

        var v = h.ValueOf("M1", 1);
        Assert.Equal(new IntervalValue(K("0.2500"), Quality.Actual, true), v);
        Assert.Equal(2_500, v.Energy!.Value.Units);
    }

    [Fact]
    public void CloseSlot_Multiplier40_MultipliesRegisterDifference()
    {
        using var h = new EngineHarness(new MeterBuilder().Multiplier(40).Build());
        h.Ingest(h.Read("M1", 0, "123.4567"), h.Read("M1", 1, "123.4692"));

        h.Close(1);

        // 0.0125 kWh on the register × 40.
        Assert.Equal(new IntervalValue(K("0.5000"), Quality.Actual, true), h.ValueOf("M1", 1));
    }

    [Fact]
    public void CloseSlot_RollOverAtTenPowerDigits_ComputesDeltaAcrossWrap()
    {
        using var h = new EngineHarness(new MeterBuilder().Digits(5).Build());
        h.Ingest(h.Read("M1", 0, "99999.9000"), h.Read("M1", 1, "0.2000"));

        h.Close(1);

        Assert.Equal(new IntervalValue(K("0.3000"), Quality.Actual, true), h.ValueOf("M1", 1));
    }

    [Fact]
    public void CloseSlot_NegativeDeltaWithoutPlausibleRollOver_IsInvalid()
    {
        using var h = new EngineHarness(new MeterBuilder().Digits(6).MaxPerSlot("50").Build());
        h.Ingest(h.Read("M1", 0, "500.0000"), h.Read("M1", 1, "499.0000"));

        h.Close(1);

        Assert.Equal(new IntervalValue(null, Quality.Invalid, true), h.ValueOf("M1", 1));
    }

    [Fact]
    public void CloseSlot_DeltaAboveMaxPerSlot_IsInvalidAndAtMaxIsActual()
    {
        using var h = new EngineHarness(
            new MeterBuilder().Id("OVER").At(MeterBuilder.SupplyPointA).MaxPerSlot("5").Build(),
            new MeterBuilder().Id("EDGE").At(MeterBuilder.SupplyPointB).MaxPerSlot("5").Build());
        h.Ingest(
            h.Read("OVER", 0, "10.0000"),
            h.Read("OVER", 1, "15.0001"),
            h.Read("EDGE", 0, "10.0000"),
            h.Read("EDGE", 1, "15.0000"));

        h.Close(1);

        Assert.Equal(new IntervalValue(null, Quality.Invalid, true), h.ValueOf("OVER", 1));
        Assert.Equal(new IntervalValue(K("5.0000"), Quality.Actual, true), h.ValueOf("EDGE", 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void CloseSlot_ReadMissingAtOneEnd_IsMissing(int presentBoundary)
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", presentBoundary, "10.0000"));

        h.Close(1);

        Assert.Equal(new IntervalValue(null, Quality.Missing, true), h.ValueOf("M1", 1));
    }

    [Fact]
    public void Ingest_ExportRegister_KeptApartFromImport()
    {
        using var h = new EngineHarness(new MeterBuilder().WithExport().Build());
        var outcome = h.Ingest(
            h.Read("M1", 0, "10.0000"),
            h.Read("M1", 1, "11.0000"),
            h.Read("M1", 0, "3.0000", Direction.Export),
            h.Read("M1", 1, "3.5000", Direction.Export));

        h.Close(1);

        Assert.Equal(4, outcome.Accepted);
        Assert.Equal(new IntervalValue(K("1.0000"), Quality.Actual, true), h.ValueOf("M1", 1));
        Assert.Equal(new IntervalValue(K("0.5000"), Quality.Actual, true), h.ValueOf("M1", 1, direction: Direction.Export));
    }

    [Fact]
    public void Ingest_ExportReadOnImportOnlyMeter_IsRejected()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());

        var outcome = h.Ingest(h.Read("M1", 0, "3.0000", Direction.Export, line: 4));

        Assert.Equal(0, outcome.Accepted);
        var rejected = Assert.Single(outcome.Rejected);
        Assert.Equal(4, rejected.Line);
        Assert.Contains("export", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_ExactDuplicate_IsCountedAsDuplicateNotAcceptedTwice()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        var first = h.Ingest(h.Read("M1", 0, "10.0000"), h.Read("M1", 0, "10.0000", line: 2));

        var again = h.Ingest(h.Read("M1", 0, "10.0000"));

        Assert.Equal((1, 1), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 1), (again.Accepted, again.Duplicates));
        Assert.Empty(again.Rejected);
        Assert.Equal(1, h.Engine.AcceptedTotal);
        Assert.Single(h.Log.ReadAll());
    }

    [Fact]
    public void Ingest_ConflictingDuplicate_IsRejectedWithLineAndKeepsFirstValue()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "10.0000"), h.Read("M1", 1, "10.5000"));

        var outcome = h.Ingest(h.Read("M1", 1, "10.7000", line: 7));
        h.Close(1);

        Assert.Equal(0, outcome.Accepted);
        var rejected = Assert.Single(outcome.Rejected);
        Assert.Equal(7, rejected.Line);
        Assert.Contains("conflicting duplicate", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("10.5000", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(K("0.5000"), h.ValueOf("M1", 1).Energy);
    }

    [Fact]
    public void Ingest_ReadBeforeInstallation_IsRejected()
    {
        using var h = new EngineHarness(new MeterBuilder().InstalledAt(EngineHarness.Boundary(2)).Build());

        var outcome = h.Ingest(h.Read("M1", 1, "0.0000", line: 3), h.Read("M1", 3, "0.1000", line: 4));

        Assert.Equal(1, outcome.Accepted);
        var rejected = Assert.Single(outcome.Rejected);
        Assert.Equal(3, rejected.Line);
        Assert.Contains("installation", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_ReadMoreThanOneSlotInTheFuture_IsRejected()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        var now = h.Clock.GetUtcNow();

        var outcome = h.Ingest(
            h.Read("M1", now.AddMinutes(30), "1.0000", line: 1),
            h.Read("M1", now.AddMinutes(60), "2.0000", line: 2));

        Assert.Equal(1, outcome.Accepted);
        var rejected = Assert.Single(outcome.Rejected);
        Assert.Equal(2, rejected.Line);
        Assert.Contains("future", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_ReadNotOnBoundary_IsRejected()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());

        var outcome = h.Ingest(h.Read("M1", EngineHarness.Boundary(1).AddMinutes(1), "1.0000", line: 9));

        Assert.Equal(0, outcome.Accepted);
        var rejected = Assert.Single(outcome.Rejected);
        Assert.Equal(9, rejected.Line);
        Assert.Contains("boundary", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_RegisterBeyondDigits_IsRejected()
    {
        using var h = new EngineHarness(new MeterBuilder().Digits(5).Build());

        var outcome = h.Ingest(h.Read("M1", 0, "100000.0000"), h.Read("M1", 1, "99999.9999"));

        Assert.Equal(1, outcome.Accepted);
        Assert.Contains("digits", Assert.Single(outcome.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CloseSlot_Slot48_UsesNextDaysMidnightRead()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        // The same day's 00:00 read (boundary 0) must not be taken as slot 48's end.
        h.Ingest(
            h.Read("M1", 0, "20.7500"),
            h.Read("M1", 47, "20.0000"),
            h.Read("M1", EngineHarness.Boundary(0, EngineHarness.Day.AddDays(1)), "21.0000"));

        h.Close(48);

        Assert.Equal(new IntervalValue(K("1.0000"), Quality.Actual, true), h.ValueOf("M1", 48));
    }

    [Fact]
    public void Ingest_LateReadAfterClose_RevisesPublishedValueFromMissingToActual()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        var slot = new Slot(EngineHarness.Day, 1);
        h.Ingest(h.Read("M1", 0, "10.0000"));
        h.Close(1);
        Assert.Equal(new IntervalValue(null, Quality.Missing, true), h.ValueOf("M1", 1));
        Assert.Equal(0, h.Engine.RevisionsOf(slot));

        var outcome = h.Ingest(h.Read("M1", 1, "10.4000"));

        Assert.Equal(1, outcome.Accepted);
        Assert.Equal(new IntervalValue(K("0.4000"), Quality.Actual, true), h.ValueOf("M1", 1));
        Assert.Equal(1, h.Engine.RevisionsOf(slot));
        Assert.Equal(0, h.Engine.RevisionsOf(slot.Next()));
    }

    [Fact]
    public void Ingest_LateMidnightReadAfterClose_RevisesPreviousDaysSlot48()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        var next = EngineHarness.Day.AddDays(1);
        h.Ingest(h.Read("M1", 47, "20.0000"));
        h.Close(48);
        Assert.Equal(Quality.Missing, h.ValueOf("M1", 48).Quality);

        h.Ingest(h.Read("M1", EngineHarness.Boundary(0, next), "20.6000"));

        Assert.Equal(new IntervalValue(K("0.6000"), Quality.Actual, true), h.ValueOf("M1", 48));
        Assert.Equal(1, h.Engine.RevisionsOf(new Slot(EngineHarness.Day, 48)));
    }

    [Fact]
    public void ReadDay_SlotsNotClosed_AreUnpublishedAndMissing()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "1.0000"), h.Read("M1", 1, "2.0000"), h.Read("M1", 2, "3.0000"));
        h.Close(1);

        var day = h.DayOf(MeterBuilder.SupplyPointA);

        Assert.Equal(new IntervalValue(K("1.0000"), Quality.Actual, true), day[0]);
        Assert.True(h.Engine.IsPublished(new Slot(EngineHarness.Day, 1)));
        Assert.False(h.Engine.IsPublished(new Slot(EngineHarness.Day, 2)));
        Assert.All(day[1..], v => Assert.Equal(new IntervalValue(null, Quality.Missing, false), v));
    }

    [Fact]
    public void ReadDay_SeveralMetersOfOneSupplyPoint_SumsTheirIntervals()
    {
        using var h = new EngineHarness(
            new MeterBuilder().Id("A1").At(MeterBuilder.SupplyPointA).Build(),
            new MeterBuilder().Id("B1").At(MeterBuilder.SupplyPointB).Build(),
            new MeterBuilder().Id("A2").At(MeterBuilder.SupplyPointA).Multiplier(40).Build());
        h.Ingest(
            h.Read("A1", 0, "1.0000"),
            h.Read("A1", 1, "1.2500"),
            h.Read("B1", 0, "7.0000"),
            h.Read("B1", 1, "9.0000"),
            h.Read("A2", 0, "5.0000"),
            h.Read("A2", 1, "5.0100"));

        h.Close(1);

        // 0.2500 + 0.0100 × 40; B1 at the other supply point is not included.
        Assert.Equal(new IntervalValue(K("0.6500"), Quality.Actual, true), h.DayOf(MeterBuilder.SupplyPointA)[0]);
        Assert.Equal(new IntervalValue(K("2.0000"), Quality.Actual, true), h.DayOf(MeterBuilder.SupplyPointB)[0]);
    }

    [Fact]
    public void ReadDay_OneMeterOfSupplyPointMissing_IsMissingNotPartialSum()
    {
        using var h = new EngineHarness(
            new MeterBuilder().Id("A1").Build(),
            new MeterBuilder().Id("A2").Build());
        h.Ingest(h.Read("A1", 0, "1.0000"), h.Read("A1", 1, "1.2500"), h.Read("A2", 0, "5.0000"));

        h.Close(1);

        Assert.Equal(new IntervalValue(null, Quality.Missing, true), h.DayOf(MeterBuilder.SupplyPointA)[0]);
    }

    [Fact]
    public void Ingest_ReadAtInstallationBoundary_IsTheRegistrysInitialRegister()
    {
        using var h = new EngineHarness(new MeterBuilder().InstalledAt(EngineHarness.Boundary(2)).Initial("5").Build());

        var same = h.Ingest(h.Read("M1", 2, "5.0000", line: 1));
        var conflicting = h.Ingest(h.Read("M1", 2, "6.0000", line: 2));

        Assert.Equal((0, 1), (same.Accepted, same.Duplicates));
        var rejected = Assert.Single(conflicting.Rejected);
        Assert.Contains("registry has 5.0000 kWh", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDay_GapBetweenTwoReads_IsEstimatedToSumExactlyToTheDifference()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "10.0000"), h.Read("M1", 3, "11.0000"));
        h.Close(1);
        h.Close(2);
        h.Close(3);

        var values = new[] { h.ValueOf("M1", 1), h.ValueOf("M1", 2), h.ValueOf("M1", 3) };

        // 1.0000 kWh over 3 slots: 0.3334, 0.3333, 0.3333 (the remainder unit goes to the first slot).
        Assert.Equal(new Kwh?[] { K("0.3334"), K("0.3333"), K("0.3333") }, values.Select(v => v.Energy).ToArray());
        Assert.All(values, v => Assert.Equal(Quality.Estimated, v.Quality));
        Assert.Equal(10_000, values.Sum(v => v.Energy!.Value.Units));
    }

    [Fact]
    public void Ingest_ReadClosingAGapAfterPublication_IsARevisionWithANewVersion()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "10.0000"));
        h.Close(1);
        h.Close(2);
        var published = h.VersionOf("M1", 1);
        Assert.Equal(Quality.Missing, h.ValueOf("M1", 1).Quality);

        h.Ingest(h.Read("M1", 2, "10.5000"));

        Assert.Equal(new IntervalValue(K("0.2500"), Quality.Estimated, true), h.ValueOf("M1", 1));
        Assert.True(h.VersionOf("M1", 1) > published);
        var revisions = h.Engine.RevisionsSince(published, 100);
        Assert.Equal(2, revisions.Count);
        Assert.All(revisions, r => Assert.Equal((Quality.Missing, Quality.Estimated), (r.OldQuality, r.NewQuality)));
        Assert.Equal(1, h.Engine.RevisionsOf(new Slot(EngineHarness.Day, 1)));
    }

    [Fact]
    public void LongSilencesAndLateReads_GiveTheSameValuesInAOneDayWindowAsInAFourDayOne()
    {
        // M1 reads for two hours, falls silent for more than a day, then reads again (one read late); M2, alone in
        // the other partition, reads once and then only after a day and a half. The one-day engine has to retire
        // rows that leave its window (and estimate the gaps from the carried registers); the four-day engine holds
        // everything. Every slot both still hold must have the same value and quality.
        var meters = new[]
        {
            new MeterBuilder().Id("M1").At(MeterBuilder.SupplyPointA).Build(),
            new MeterBuilder().Id("M2").At(MeterBuilder.SupplyPointB).Build(),
        };
        var now = EngineHarness.Boundary(24, EngineHarness.Day.AddDays(2));
        using var narrow = new EngineHarness(new IntervalEngineOptions { WindowDays = 1, Partitions = 2 }, now, meters);
        using var wide = new EngineHarness(new IntervalEngineOptions { WindowDays = 4, Partitions = 2 }, now, meters);
        (string Meter, int Boundary, string Kwh)[] feed =
        [
            ("M1", 0, "100.0000"), ("M1", 1, "100.4000"), ("M1", 2, "101.0000"), ("M1", 3, "101.2500"), ("M1", 4, "102.0000"),
            ("M2", 0, "7.0000"),
            ("M1", 60, "130.0000"), ("M1", 61, "130.6000"), ("M1", 63, "131.7000"), ("M1", 62, "131.1000"),
            ("M2", 70, "29.5000"), ("M2", 71, "30.0000"),
            ("M1", 90, "150.0000"), ("M2", 90, "40.0000"),
        ];
        foreach (var (meter, boundary, kwh) in feed)
        {
            Assert.Equal(1, narrow.Ingest(narrow.Read(meter, boundary, kwh)).Accepted);
            Assert.Equal(1, wide.Ingest(wide.Read(meter, boundary, kwh)).Accepted);
        }

        // The slots the one-day window still holds: those starting at boundary 90 − 48 = 42 and later.
        for (var b = 42; b < 90; b++)
        {
            var date = EngineHarness.Day.AddDays(b / 48);
            var slot = (b % 48) + 1;
            narrow.Close(slot, date);
            wide.Close(slot, date);
            foreach (var meter in new[] { "M1", "M2" })
            {
                Assert.Equal(wide.ValueOf(meter, slot, date), narrow.ValueOf(meter, slot, date));
            }
        }

        // And they are the values the rules give: the silence estimated from the register carried out of the
        // window, the late read's slot actual.
        Assert.Equal(Quality.Estimated, narrow.ValueOf("M1", 1, EngineHarness.Day.AddDays(1)).Quality);
        Assert.Equal(new IntervalValue(K("0.5000"), Quality.Actual, true), narrow.ValueOf("M1", 14, EngineHarness.Day.AddDays(1)));
    }
}
