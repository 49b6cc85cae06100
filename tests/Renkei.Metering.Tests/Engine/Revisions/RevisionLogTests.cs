using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Engine.Publication;
using Renkei.Metering.Engine.Revisions;

namespace Renkei.Metering.Tests.Engine.Revisions;

public class RevisionLogTests
{
    [Fact]
    public void ManyDaysOfRevisions_LogStaysBoundedByTheWindow()
    {
        const int days = 20;
        var options = new IntervalEngineOptions { WindowDays = 1, Partitions = 2 };
        using var h = new EngineHarness(options, EngineHarness.Boundary(0), new MeterBuilder().Id("M1").Build(), new MeterBuilder().Id("M2").At(MeterBuilder.SupplyPointB).Build());
        h.Ingest(h.Read("M1", 0, "100.0000"), h.Read("M2", 0, "200.0000"));
        var largest = 0;

        // Each slot is closed before the read that ends it arrives (published missing), so every read revises it.
        for (var b = 1; b <= days * Slot.PerDay; b++)
        {
            var at = EngineHarness.Boundary(0).AddTicks(b * Slot.TicksPerSlot);
            h.Clock.SetUtcNow(at);
            h.Close(((b - 1) % Slot.PerDay) + 1, EngineHarness.Day.AddDays((b - 1) / Slot.PerDay));
            var outcome = h.Ingest(h.Read("M1", at, $"{100m + (b * 0.1m):0.0000}"), h.Read("M2", at, $"{200m + (b * 0.2m):0.0000}"));
            Assert.Equal(2, outcome.Accepted);
            largest = Math.Max(largest, h.Engine.RevisionCount);
        }

        // Two revisions per slot (one per meter), kept only while the slot is in the window (49 boundaries).
        var published = days * Slot.PerDay;
        Assert.True(h.Engine.CurrentVersion >= published * 3, $"only {h.Engine.CurrentVersion} versions were handed out");
        Assert.InRange(largest, 1, 2 * (Slot.PerDay + 1));
        Assert.InRange(h.Engine.RevisionCount, 1, 2 * (Slot.PerDay + 1));
    }

    [Fact]
    public void RevisedSlotInTheWindow_KeepsItsRevisionsAndVersions()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "10.0000"));
        h.Close(1);
        var published = h.VersionOf("M1", 1);

        h.Ingest(h.Read("M1", 1, "10.4000"));

        var revision = Assert.Single(h.Engine.RevisionsIn(new Slot(EngineHarness.Day, 1)));
        Assert.Equal(published, revision.PreviousVersion);
        Assert.Equal(Quality.Actual, revision.NewQuality);
        Assert.Equal(revision.Version, h.VersionOf("M1", 1));
        Assert.Equal(1, h.Engine.RevisionsOf(new Slot(EngineHarness.Day, 1)));
    }

    [Fact]
    public void Forget_DropsTheSlotsThatLeftTheWindowAndKeepsTheRest()
    {
        var log = new RevisionLog(Slot.PerDay + 1, new VersionSequence());
        var at = EngineHarness.Boundary(0);
        var start = at.UtcTicks / Slot.TicksPerSlot;
        for (var g = start; g < start + 10; g++)
        {
            log.Record(0, Direction.Import, g, null, Quality.Missing, Kwh.FromUnits(1), Quality.Estimated, at, publishedVersion: 1);
            log.Record(1, Direction.Import, g, null, Quality.Missing, Kwh.FromUnits(2), Quality.Actual, at, publishedVersion: 1);
        }

        log.Forget(start + 6);

        Assert.Equal(8, log.Count);
        Assert.Null(log.Of(start + 5));
        Assert.Equal(0, log.CountIn(start + 5));
        Assert.NotNull(log.Of(start + 6));
        Assert.Equal(2, log.CountIn(start + 9));
        Assert.All(log.Since(0, 100), r => Assert.True(r.Slot.Start.UtcTicks / Slot.TicksPerSlot >= start + 6));
    }

    [Fact]
    public void Record_SecondRevisionOfAValue_PointsBackToTheFirst()
    {
        var log = new RevisionLog(Slot.PerDay + 1, new VersionSequence());
        var g = EngineHarness.Boundary(4).UtcTicks / Slot.TicksPerSlot;
        var at = EngineHarness.Boundary(5);

        log.Record(3, Direction.Export, g, null, Quality.Missing, Kwh.FromUnits(10), Quality.Estimated, at, publishedVersion: 7);
        log.Record(3, Direction.Export, g, Kwh.FromUnits(10), Quality.Estimated, Kwh.FromUnits(12), Quality.Actual, at.AddMinutes(30), publishedVersion: 7);

        var revisions = log.In(g);
        Assert.Equal(7, revisions[0].PreviousVersion);
        Assert.Equal(revisions[0].Version, revisions[1].PreviousVersion);
        Assert.Equal(revisions[1].Version, log.LatestVersion(log.Of(g)!, 3, Direction.Export));
        Assert.Equal(0, log.LatestVersion(log.Of(g)!, 3, Direction.Import));

        // As of an instant between the two: the second is undone to the first's value.
        var cut = log.CutAt(at.AddMinutes(1));
        Assert.Equal(revisions[1], cut.Undo[(3, g, Direction.Export)]);
    }
}
