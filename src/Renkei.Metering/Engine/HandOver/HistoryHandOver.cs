using Renkei.Metering.Engine.Publication;
using Renkei.Metering.Engine.Vee;
using Renkei.Metering.Engine.Window;
using Renkei.Metering.History;

namespace Renkei.Metering.Engine.HandOver;

/// <summary>
/// Hands the slots that leave the window to the history store. A slot's values are taken under the partition's
/// lock (<see cref="Capture"/>, memory only) and written off the ingest path: <see cref="Signal"/> starts a writer
/// on the thread pool, so no store write holds up ingest or reads of the partition, and a store that fails never
/// fails ingest. Until written, a captured slot is read from here. A failed write is retried with a growing delay
/// (<see cref="FirstRetry"/> doubling to <see cref="LastRetry"/>) and reported (<see cref="Fault"/>,
/// <see cref="FaultChanged"/>) until the store takes it; the reads behind it are in the read log meanwhile, and no
/// snapshot is written past them (<see cref="IntervalEngine.WriteSnapshot"/> flushes first).
/// </summary>
internal sealed class HistoryHandOver(IHistoryStore store, RegisterWindow window, SlotPublication publication, long backlogBytes)
{
    /// <summary>What one meter's values of one captured slot hold in memory: two lanes of units (int) and quality (byte).</summary>
    public const int BytesPerMeter = (2 * sizeof(int)) + 2;

    public static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly List<CapturedSlot> pending = [];
    private readonly Lock gate = new();

    // Completed whenever nothing is pending; replaced by a new one when a slot is captured into an empty list.
    private TaskCompletionSource written = NewWritten();

    // 1 while a writer runs or a retry is due; a signal meanwhile starts nothing.
    private int writing;
    private long pendingBytes;
    private Exception? fault;
    private TimeSpan retryIn;
    private ITimer? retry;

    public IHistoryStore Store => store;

    /// <summary>The last write's failure while the store refuses writes; null once it takes them again.</summary>
    public Exception? Fault => Volatile.Read(ref fault);

    /// <summary>Called with the failure when writes start failing, and with null when they succeed again.</summary>
    public Action<Exception?>? FaultChanged { get; set; }

    /// <summary>Slots captured and not yet in the store.</summary>
    public int PendingCount
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    /// <summary>The memory the captured slots not yet in the store hold (<see cref="BytesPerMeter"/> per meter and slot).</summary>
    public long PendingBytes => Interlocked.Read(ref pendingBytes);

    /// <summary>The most memory the waiting slots may hold before ingest is refused (<see cref="IntervalEngineOptions.HistoryBacklogBytes"/>).</summary>
    public long BacklogBytes => backlogBytes;

    /// <summary>
    /// Whether the waiting slots hold <see cref="BacklogBytes"/> or more: then the HES refuses batches, since each can move
    /// more slots out of the window. One batch admitted below the bound may pass it by the slots it moves out.
    /// </summary>
    public bool BacklogFull => PendingBytes >= backlogBytes;

    /// <summary>Takes one partition's values of the slot starting at <paramref name="g"/>. The caller holds the partition's lock.</summary>
    public void Capture(MeterPartition part, long g)
    {
        var n = part.Count;
        var captured = new CapturedSlot(g, part.From, n);
        for (var i = 0; i < n; i++)
        {
            var o = part.From + i;
            var import = window.ValueOf(part, o, Direction.Import, g);
            captured.ImportUnits[i] = (int)Math.Min(import.Units, int.MaxValue);
            captured.ImportQuality[i] = (byte)import.Quality;
            var export = window.ValueOf(part, o, Direction.Export, g);
            captured.ExportUnits[i] = (int)Math.Min(export.Units, int.MaxValue);
            captured.ExportQuality[i] = (byte)export.Quality;
        }

        lock (gate)
        {
            if (pending.Count == 0)
            {
                written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            pending.Add(captured);
            pendingBytes += (long)n * BytesPerMeter;
        }
    }

    /// <summary>Starts writing the captured slots on the thread pool, unless a writer runs or waits to retry.</summary>
    public void Signal()
    {
        if (PendingCount > 0 && Interlocked.CompareExchange(ref writing, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static h => h.Write(), this, preferLocal: false);
        }
    }

    /// <summary>Waits until every captured slot is in the store. False if that takes longer than <paramref name="timeout"/>.</summary>
    public bool WaitUntilWritten(TimeSpan timeout)
    {
        Task done;
        lock (gate)
        {
            done = written.Task;
        }

        return done.Wait(timeout);
    }

    private static TaskCompletionSource NewWritten()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private void Write()
    {
        try
        {
            Flush();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any store failure (disk, database, network) waits here: the reads are in the read log, ingest goes on.
            var first = Interlocked.Exchange(ref fault, e) is null;
            retryIn = first ? FirstRetry : TimeSpan.FromTicks(Math.Min(retryIn.Ticks * 2, LastRetry.Ticks));
            if (first)
            {
                FaultChanged?.Invoke(e);
            }

            var timer = TimeProvider.System.CreateTimer(static h => ((HistoryHandOver)h!).Retry(), this, retryIn, Timeout.InfiniteTimeSpan);
            Interlocked.Exchange(ref retry, timer)?.Dispose();
            return;
        }

        if (Interlocked.Exchange(ref fault, null) is not null)
        {
            FaultChanged?.Invoke(null);
        }

        Volatile.Write(ref writing, 0);

        // A slot captured after the flush looked for work and before the flag was cleared found the flag set.
        Signal();
    }

    private void Retry()
    {
        Volatile.Write(ref writing, 0);
        Signal();
    }

    /// <summary>
    /// Writes every captured slot no other thread is writing, on the caller's thread, and throws the store's failure.
    /// Call without a partition's lock.
    /// </summary>
    public void Flush()
    {
        while (true)
        {
            CapturedSlot? next = null;
            lock (gate)
            {
                foreach (var c in pending)
                {
                    if (!c.Writing)
                    {
                        c.Writing = true;
                        next = c;
                        break;
                    }
                }
            }

            if (next is null)
            {
                return;
            }

            try
            {
                var timeline = publication.PublishedTimeline(next.Boundary);
                store.WriteSlot(next.Boundary, next.From, next.ImportUnits, next.ImportQuality, next.ExportUnits, next.ExportQuality, timeline?.Version ?? 0, timeline?.PublishedAt);
            }
            catch
            {
                lock (gate)
                {
                    next.Writing = false;
                }

                throw;
            }

            lock (gate)
            {
                pending.Remove(next);
                pendingBytes -= (long)next.ImportUnits.Length * BytesPerMeter;
                if (pending.Count == 0)
                {
                    written.TrySetResult();
                }
            }
        }
    }

    /// <summary>Whether a slot of the partition starting at meter <paramref name="from"/> is captured and not yet in the store.</summary>
    public bool HasPending(int from)
    {
        lock (gate)
        {
            foreach (var c in pending)
            {
                if (c.From == from)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>One meter's value of a slot beyond the window: captured and not yet written, else from the store.</summary>
    public bool TryRead(long g, int o, bool exportLane, out int units, out byte quality, out long version)
    {
        lock (gate)
        {
            foreach (var c in pending)
            {
                if (c.Boundary == g && o >= c.From && o < c.From + c.ImportUnits.Length)
                {
                    var i = o - c.From;
                    units = exportLane ? c.ExportUnits[i] : c.ImportUnits[i];
                    quality = exportLane ? c.ExportQuality[i] : c.ImportQuality[i];
                    version = publication.PublishedTimeline(g)?.Version ?? 0;
                    return true;
                }
            }
        }

        return store.TryRead(g, o, exportLane, out units, out quality, out version);
    }

    private sealed class CapturedSlot(long boundary, int from, int count)
    {
        public long Boundary { get; } = boundary;

        public int From { get; } = from;

        public int[] ImportUnits { get; } = new int[count];

        public byte[] ImportQuality { get; } = new byte[count];

        public int[] ExportUnits { get; } = new int[count];

        public byte[] ExportQuality { get; } = new byte[count];

        public bool Writing { get; set; }
    }
}
