using Microsoft.Extensions.Logging.Abstractions;
using Renkei.Domain.Time;
using Renkei.Formats.Api.Operations;
using Renkei.Hosting.Tests.Support;
using Renkei.Metering.Engine;
using Renkei.Metering.Hes;
using Renkei.Metering.History;
using Renkei.Metering.Observability;

namespace Renkei.Metering.Tests.Engine.HandOver;

/// <summary>
/// A history store on a full disk (a tmpfs the test mounts and fills): ingest goes on and the slot that left the
/// window stays readable while its write waits, the failure is reported, and the write lands once space returns.
/// </summary>
public sealed class HistoryStoreFailureTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // One meter's values of one slot (the partition holds both meters: the first slot out of the window waits with 20 bytes).
    private const long HistoryBacklogBound = 2 * Renkei.Metering.Engine.HandOver.HistoryHandOver.BytesPerMeter;

    [SkippableFact]
    public void FullHistoryDisk_IngestGoesOn_TheSlotWaitsInMemory_AndIsWrittenWhenSpaceReturns()
    {
        using var disk = SmallFilesystem.TryMount(512, out var whyNot);
        Skip.If(disk is null, whyNot);

        using var store = new SqliteHistoryStore(Path.Combine(disk.Path, "history.db"));
        var options = new IntervalEngineOptions { WindowDays = 1, Partitions = 1, History = store };
        using var h = new EngineHarness(options, EngineHarness.Boundary(12, EngineHarness.Day.AddDays(3)), new MeterBuilder().Build());
        var history = h.Engine.History!;
        var failing = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        history.FaultChanged = fault =>
        {
            if (fault is null)
            {
                recovered.TrySetResult();
            }
            else
            {
                failing.TrySetResult(fault);
            }
        };
        h.Ingest(h.Read("M1", 0, "10.0000"), h.Read("M1", 1, "10.5000"));
        h.Close(1);
        var slotStart = EngineHarness.Boundary(0).UtcTicks / Slot.TicksPerSlot;

        disk.Fill();
        var outcome = h.Ingest(h.Read("M1", EngineHarness.Boundary(2, EngineHarness.Day.AddDays(1)), "20.0000"));

        Assert.Equal(1, outcome.Accepted);
        Assert.True(failing.Task.Wait(Wait), "the history store's failure was not reported");
        Assert.NotNull(history.Fault);
        Assert.True(history.PendingCount > 0);
        Assert.Equal(Kwh("0.5000"), h.ValueOf("M1", 1).Energy);
        Assert.False(store.TryRead(slotStart, 0, exportLane: false, out _, out _, out _));
        Assert.Contains(AlertsOf(h), a => a.Code == NodeAlertCodes.HistoryFailing && a.Severity == NodeAlertCodes.Warning && !a.Unready);

        disk.Free();

        Assert.True(recovered.Task.Wait(Wait), "the write was not retried once space returned");
        Assert.True(history.WaitUntilWritten(Wait));
        Assert.Null(history.Fault);
        Assert.True(store.TryRead(slotStart, 0, exportLane: false, out var units, out _, out _));
        Assert.Equal(5_000, units);
        Assert.Equal(Kwh("0.5000"), h.ValueOf("M1", 1).Energy);
        Assert.DoesNotContain(AlertsOf(h), a => a.Code == NodeAlertCodes.HistoryFailing);
    }

    [SkippableFact]
    public void FullHistoryDisk_BacklogAtItsBound_IngestRefusedWhole_AndAcceptedAgainWhenSpaceReturns()
    {
        using var disk = SmallFilesystem.TryMount(512, out var whyNot);
        Skip.If(disk is null, whyNot);

        using var store = new SqliteHistoryStore(Path.Combine(disk.Path, "history.db"));

        // One slot of one meter waiting for the store reaches the bound.
        var options = new IntervalEngineOptions { WindowDays = 1, Partitions = 1, History = store, HistoryBacklogBytes = HistoryBacklogBound };
        using var h = new EngineHarness(options, EngineHarness.Boundary(12, EngineHarness.Day.AddDays(3)), new MeterBuilder().Build(), new MeterBuilder().Id("M2").At(MeterBuilder.SupplyPointB).Build());
        var history = h.Engine.History!;
        var failing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        history.FaultChanged = fault =>
        {
            if (fault is not null)
            {
                failing.TrySetResult();
            }
        };
        h.Ingest(h.Read("M1", 0, "10.0000"), h.Read("M1", 1, "10.5000"), h.Read("M2", 0, "1.0000"), h.Read("M2", 1, "1.5000"));
        h.Close(1);
        Assert.True(history.WaitUntilWritten(Wait));
        disk.Fill();
        Assert.Equal(1, h.Ingest(h.Read("M1", EngineHarness.Boundary(2, EngineHarness.Day.AddDays(1)), "20.0000")).Accepted);
        Assert.True(failing.Task.Wait(Wait), "the history store's failure was not reported");
        Assert.True(history.BacklogFull);
        var logged = h.Log.Position;

        var refused = Assert.Throws<HistoryBacklogFullException>(() => h.Ingest(h.Read("M2", EngineHarness.Boundary(2, EngineHarness.Day.AddDays(1)), "2.0000")));

        Assert.Contains("the batch was not accepted", refused.Message, StringComparison.Ordinal);
        Assert.Equal(logged, h.Log.Position);
        Assert.Contains(AlertsOf(h), a => a.Code == NodeAlertCodes.HistoryBacklogFull && a.Severity == NodeAlertCodes.Critical);

        disk.Free();
        Assert.True(history.WaitUntilWritten(Wait));

        Assert.False(history.BacklogFull);
        Assert.Equal(0, history.PendingBytes);
        Assert.Equal(1, h.Ingest(h.Read("M2", EngineHarness.Boundary(2, EngineHarness.Day.AddDays(1)), "2.0000")).Accepted);
        Assert.DoesNotContain(AlertsOf(h), a => a.Code == NodeAlertCodes.HistoryBacklogFull);
    }

    [SkippableFact]
    public void SnapshotOnAFullDisk_IsLogged_AndTheCloserGoesOnPublishing()
    {
        using var disk = SmallFilesystem.TryMount(256, out var whyNot);
        Skip.If(disk is null, whyNot);

        var first = new Slot(EngineHarness.Day, 1);
        var options = new IntervalEngineOptions { Partitions = 1, SnapshotDirectory = Path.Combine(disk.Path, "snapshots"), SnapshotEverySlots = 1 };
        using var h = new EngineHarness(options, first.Start, new MeterBuilder().Build());
        var closer = new SlotCloser(h.Engine, h.Clock, h.Options, first, NullLogger<SlotCloser>.Instance);
        h.Ingest(h.Read("M1", first.Start, "10.0000"));
        disk.Fill();

        h.Clock.SetUtcNow(first.End + options.Cutoff);
        Assert.Equal(1, closer.CatchUp());
        h.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, closer.CatchUp());

        Assert.True(h.Engine.IsPublished(first.Next()));
        using (var restarted = new EngineHarness(new IntervalEngineOptions { Partitions = 1 }, first.Start, new MeterBuilder().Build()))
        {
            Assert.Equal(0, restarted.Engine.LoadSnapshot(options.SnapshotDirectory));
        }

        disk.Free();
        h.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, closer.CatchUp());

        using var later = new EngineHarness(new IntervalEngineOptions { Partitions = 1 }, first.Start, new MeterBuilder().Build());
        Assert.True(later.Engine.LoadSnapshot(options.SnapshotDirectory) > 0, "no valid snapshot once space returned");
    }

    private static List<NodeAlert> AlertsOf(EngineHarness h)
    {
        var closer = new SlotCloser(h.Engine, h.Clock, h.Options, new Slot(EngineHarness.Day.AddDays(3), 1), NullLogger<SlotCloser>.Instance);
        var alerts = new List<NodeAlert>();
        new MeteringConditions(new ReadLogHealth(), closer, h.Engine, h.Clock, TimeSpan.FromMinutes(60)).Collect(alerts);
        return alerts;
    }

    private static Renkei.Domain.Energy.Kwh Kwh(string text) => Renkei.Domain.Energy.Kwh.Parse(text);
}
