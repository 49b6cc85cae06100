using Microsoft.Extensions.Logging.Abstractions;
using Renkei.Domain.Time;
using Renkei.Formats.Api.Operations;
using Renkei.Metering.Engine;
using Renkei.Metering.Engine.Publication;
using Renkei.Metering.Observability;

namespace Renkei.Metering.Tests.Engine;

/// <summary>
/// Slots whose cutoff had passed before the engine started are back-filled history: published by catching up, marked
/// so in their timeline (kept across a restart by the journal), and never reported as a slot at risk; the slots
/// after the start are live.
/// </summary>
public sealed class BackFillTests : IDisposable
{
    private static readonly TimeSpan Cutoff = TimeSpan.FromMinutes(10);

    // The engine starts at 06:00 JST the day after EngineHarness.Day.
    private readonly EngineHarness h;
    private readonly string journal;

    public BackFillTests()
    {
        journal = Path.Combine(Path.GetTempPath(), "renkei-backfill-" + Guid.NewGuid().ToString("N"), "publications.journal");
        h = new EngineHarness(new IntervalEngineOptions { Partitions = 2, Cutoff = Cutoff, PublicationJournal = journal }, new MeterBuilder().Build());
    }

    public void Dispose()
    {
        h.Dispose();
        Directory.Delete(Path.GetDirectoryName(journal)!, recursive: true);
    }

    private static Slot Today(int number) => new(EngineHarness.Day.AddDays(1), number);

    [Fact]
    public void CatchUpAtStart_MarksThePastSlotsBackFilled_AndTheFirstSlotAfterTheStartLive()
    {
        // 06:00 JST: slot 12 (05:30-06:00) ends at the start, its cutoff after it; slot 11's cutoff passed before it.
        var closer = new SlotCloser(h.Engine, h.Clock, h.Options, new Slot(EngineHarness.Day, 1), NullLogger<SlotCloser>.Instance);
        closer.CatchUp();
        h.Clock.Advance(Cutoff);
        Assert.Equal(1, closer.CatchUp());

        Assert.True(h.Engine.TimelineOf(new Slot(EngineHarness.Day, 1)).BackFilled);
        Assert.True(h.Engine.TimelineOf(Today(11)).BackFilled);
        Assert.False(h.Engine.TimelineOf(Today(12)).BackFilled);
    }

    [Fact]
    public void BackFilledMark_IsKeptByThePublicationJournal()
    {
        Assert.True(h.Engine.CloseSlot(Today(11)));
        h.Clock.Advance(Cutoff);
        Assert.True(h.Engine.CloseSlot(Today(12)));

        var reopened = PublicationJournal.Open(journal).Publications.ToDictionary(p => p.Timeline.Slot, p => p.Timeline.BackFilled);

        Assert.True(reopened[Today(11)]);
        Assert.False(reopened[Today(12)]);
    }

    [Fact]
    public void SlotAtRisk_IsNotReportedForABackFilledSlot_ButIsForALiveOne()
    {
        // Held at a back-filled slot 4.5 hours past its deadline (as the demo holds its closer while its fleet catches
        // up): no alert.
        var closer = new SlotCloser(h.Engine, h.Clock, h.Options, Today(1), NullLogger<SlotCloser>.Instance);
        closer.Hold();
        Assert.DoesNotContain(AlertsOf(closer), a => a.Code == NodeAlertCodes.SlotAtRisk);

        // Slot 12 is live; held past its 60-minute deadline it is critical.
        var live = new SlotCloser(h.Engine, h.Clock, h.Options, Today(12), NullLogger<SlotCloser>.Instance);
        live.Hold();
        h.Clock.Advance(TimeSpan.FromMinutes(61));

        var alert = Assert.Single(AlertsOf(live), a => a.Code == NodeAlertCodes.SlotAtRisk);
        Assert.Equal(NodeAlertCodes.Critical, alert.Severity);
    }

    private List<NodeAlert> AlertsOf(SlotCloser closer)
    {
        var alerts = new List<NodeAlert>();
        new MeteringConditions(new ReadLogHealth(), closer, h.Engine, h.Clock, TimeSpan.FromMinutes(60)).Collect(alerts);
        return alerts;
    }
}
