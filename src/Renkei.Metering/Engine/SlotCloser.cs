using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Time;

namespace Renkei.Metering.Engine;

/// <summary>
/// Closes each slot once its cutoff (slot end + <see cref="IntervalEngineOptions.Cutoff"/>) has passed on the
/// engine's clock, in order, catching up at once after a restart. Polls the clock every 100 ms of real time,
/// so an accelerated clock works too.
/// </summary>
public sealed partial class SlotCloser : BackgroundService
{
    private readonly IntervalEngine engine;
    private readonly TimeProvider clock;
    private readonly TimeSpan cutoff;
    private readonly string? snapshots;
    private readonly int snapshotEvery;
    private int closedSinceSnapshot;
    private readonly ILogger<SlotCloser> logger;
    private readonly Lock gate = new();
    private Slot next;
    private volatile bool held;

    public SlotCloser(IntervalEngine engine, TimeProvider clock, IntervalEngineOptions options, Slot firstSlot, ILogger<SlotCloser> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.engine = engine;
        this.clock = clock;
        cutoff = options.Cutoff;
        snapshots = options.SnapshotDirectory;
        snapshotEvery = Math.Max(1, options.SnapshotEverySlots);
        this.logger = logger;
        next = firstSlot;
    }

    /// <summary>Told of each slot published, with the instant on the engine's clock (the node's metrics).</summary>
    public Action<Slot, DateTimeOffset>? Published { get; set; }

    /// <summary>The next slot to close.</summary>
    public Slot NextToClose
    {
        get
        {
            lock (gate)
            {
                return next;
            }
        }
    }

    /// <summary>
    /// Stops closing slots by the clock until <see cref="Release"/>: a node that knows reads are still coming for
    /// slots already past their cutoff (the demo's fleet catching up after a start) holds its closer, so those
    /// slots are published with their reads instead of as missing and then revised.
    /// </summary>
    public void Hold() => held = true;

    /// <summary>Resumes closing by the clock (and closes at once what is due).</summary>
    public int Release()
    {
        held = false;
        return CatchUp();
    }

    /// <summary>Closes every slot whose cutoff has passed. Returns how many were closed.</summary>
    public int CatchUp()
    {
        lock (gate)
        {
            return CatchUpLocked();
        }
    }

    private int CatchUpLocked()
    {
        var closed = 0;
        var now = clock.GetUtcNow();
        while (next.End + cutoff <= now)
        {
            // After a restart the slots published before it are published already (the journal): not closed again.
            if (engine.IsPublished(next))
            {
                next = next.Next();
                continue;
            }

            if (engine.CloseSlot(next))
            {
                closed++;
                Published?.Invoke(next, clock.GetUtcNow());
            }

            next = next.Next();
        }

        closedSinceSnapshot += closed;
        if (closed > 0 && snapshots is not null && closedSinceSnapshot >= snapshotEvery)
        {
            // After publishing, now and then a snapshot: a restart then replays only the log written since. One that
            // fails (a full disk, a history store that refuses the slots it must hold first) costs only a longer
            // replay: it is logged and tried again after the next close, and publishing goes on.
            try
            {
                engine.WriteSnapshot(snapshots);
                closedSinceSnapshot = 0;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogSnapshotFailed(e);
            }
        }

        if (closed > 0 && logger.IsEnabled(LogLevel.Debug))
        {
            var last = next.Previous();
            LogClosed(closed, last);
        }

        return closed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            if (!held)
            {
                CatchUp();
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the engine snapshot; publishing goes on, and the snapshot is tried again after the next close")]
    private partial void LogSnapshotFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closed {Count} slot(s), up to {Slot}")]
    private partial void LogClosed(int count, Slot slot);
}
