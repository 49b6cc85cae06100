using Microsoft.Extensions.Logging.Abstractions;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Tests.Engine;

public sealed class SlotCloserTests : IDisposable
{
    private static readonly TimeSpan Cutoff = TimeSpan.FromMinutes(10);
    private static readonly Slot First = new(EngineHarness.Day, 1);

    // The engine's clock starts at the first slot's start, before anything is due.
    private readonly EngineHarness h = new(new IntervalEngineOptions { Partitions = 2, Cutoff = Cutoff }, First.Start, new MeterBuilder().Build());
    private readonly SlotCloser closer;

    public SlotCloserTests() => closer = new SlotCloser(h.Engine, h.Clock, h.Options, First, NullLogger<SlotCloser>.Instance);

    public void Dispose() => h.Dispose();

    private static DateTimeOffset CutoffOf(Slot slot) => slot.End + Cutoff;

    [Fact]
    public void CatchUp_BeforeSlotEndPlusCutoff_ClosesNothing()
    {
        h.Clock.SetUtcNow(CutoffOf(First).AddTicks(-1));

        Assert.Equal(0, closer.CatchUp());

        Assert.Equal(First, closer.NextToClose);
        Assert.False(h.Engine.IsPublished(First));
    }

    [Fact]
    public void CatchUp_AtSlotEndPlusCutoff_ClosesThatSlotOnly()
    {
        h.Clock.SetUtcNow(CutoffOf(First));

        Assert.Equal(1, closer.CatchUp());

        Assert.True(h.Engine.IsPublished(First));
        Assert.False(h.Engine.IsPublished(First.Next()));
        Assert.Equal(First.Next(), closer.NextToClose);
    }

    [Fact]
    public void CatchUp_AsClockAdvances_ClosesSlotsInOrder()
    {
        h.Clock.SetUtcNow(CutoffOf(First));
        var expectedNext = First;

        for (var step = 0; step < 5; step++)
        {
            Assert.Equal(1, closer.CatchUp());
            Assert.True(h.Engine.IsPublished(expectedNext));
            expectedNext = expectedNext.Next();
            Assert.False(h.Engine.IsPublished(expectedNext));
            Assert.Equal(expectedNext, closer.NextToClose);

            h.Clock.Advance(TimeSpan.FromMinutes(29));
            Assert.Equal(0, closer.CatchUp());
            h.Clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public void CatchUp_AfterLongGap_ClosesEveryDueSlotAcrossMidnight()
    {
        // Reads at every boundary up to 01:30 next day, 0.1 kWh per slot.
        var nextDay = EngineHarness.Day.AddDays(1);
        h.Clock.SetUtcNow(EngineHarness.Boundary(50));
        var reads = Enumerable.Range(0, 52).Select(k => h.Read("M1", k, Kwh.FromUnits(k * 1_000L).ToString())).ToArray();
        Assert.Equal(52, h.Ingest(reads).Accepted);

        // 01:00 next day + cutoff: all 48 slots of Day and the first 2 of the next.
        h.Clock.SetUtcNow(CutoffOf(new Slot(nextDay, 2)));

        Assert.Equal(50, closer.CatchUp());

        Assert.Equal(new Slot(nextDay, 3), closer.NextToClose);
        Assert.False(h.Engine.IsPublished(new Slot(nextDay, 3)));
        var day = h.DayOf(MeterBuilder.SupplyPointA);
        Assert.All(day, v => Assert.Equal(new IntervalValue(Kwh.FromUnits(1_000), Quality.Actual, true), v));
        Assert.Equal(new IntervalValue(Kwh.FromUnits(1_000), Quality.Actual, true), h.DayOf(MeterBuilder.SupplyPointA, nextDay)[1]);
        Assert.Equal(0, closer.CatchUp());
    }
}
