using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine.HandOver;
using Renkei.Metering.Engine.Lineage;
using Renkei.Metering.Engine.Publication;
using Renkei.Metering.Engine.Revisions;
using Renkei.Metering.Engine.Vee;
using Renkei.Metering.Engine.Window;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Engine;

/// <summary>
/// The in-memory interval engine: register reads in, 30-minute energy out. A façade over its parts:
/// <list type="bullet">
/// <item><see cref="RegisterWindow"/>: every meter's registers at each boundary of the window, in dense arrays,
/// split into partitions with a lock each; <see cref="ReadAdmission"/>: the rules a read must pass to enter it;</item>
/// <item><see cref="SlotVee"/>: the value of a slot from registers, as pure functions;</item>
/// <item><see cref="SlotPublication"/>: which slots are published, their timelines and read arrivals;</item>
/// <item><see cref="RevisionLog"/>: changes of published values, bounded by the window;</item>
/// <item><see cref="HistoryHandOver"/>: slots leaving the window, to the history store.</item>
/// </list>
/// Values are derived from the registers whenever they are asked for, so there is no second copy of the window
/// in memory; closing a slot computes every meter's value once (the quality mix and total) and marks it
/// published. A read that changes an already published value is logged as a <see cref="Revision"/>.
/// <para>
/// The engine does not make reads durable: the HES validates a batch here (<see cref="Validate"/>), appends it
/// to the read log, then applies it (<see cref="Apply"/>); a restart replays the log through <see cref="Ingest"/>.
/// </para>
/// </summary>
public sealed class IntervalEngine
{
    private readonly MeterRegistry registry;
    private readonly TimeProvider clock;
    private readonly RegisterWindow window;
    private readonly ReadBatches batches;
    private readonly VersionSequence versions;
    private readonly SlotPublication publication;
    private readonly RevisionLog revisions;
    private readonly HistoryHandOver? handOver;
    private readonly PublicationJournal? journal;
    private readonly LineageReader lineage;

    // Publications found in the journal at start, by the read-log position they were marked at, not yet restored.
    private readonly JournaledPublication[] toRestore;
    private int restored;

    // Serialises the logged batches' applies with a slot's publication mark, so the read-log position a publication
    // records divides the reads into those it includes and those that revise it, exactly as a replay finds them.
    private readonly Lock applyGate = new();
    private readonly TimeSpan cutoff;
    private long appliedThrough;
    private long acceptedTotal;

    public IntervalEngine(MeterRegistry registry, TimeProvider clock, IntervalEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        if (options.WindowDays < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.WindowDays, "the window must hold at least 1 day");
        }

        this.registry = registry;
        this.clock = clock;
        StartedAt = clock.GetUtcNow();
        cutoff = options.Cutoff;
        window = new RegisterWindow(registry, options.WindowDays, options.Partitions);
        journal = options.PublicationJournal is { } journalPath ? PublicationJournal.Open(journalPath) : null;
        versions = journal is null ? new VersionSequence() : new VersionSequence(journal);
        toRestore = journal is null ? [] : [.. journal.Publications.OrderBy(p => p.LogPosition)];
        publication = new SlotPublication(window.Boundaries, options.Cutoff, versions, window.ExpectedReadsAt);
        revisions = new RevisionLog(window.Boundaries, versions);
        handOver = options.History is { } history ? new HistoryHandOver(history, window, publication, options.HistoryBacklogBytes) : null;
        lineage = new LineageReader(window, publication, revisions, handOver);
        batches = new ReadBatches(window, new ReadAdmission(window, handOver is null ? null : handOver.Capture), publication, revisions, handOver, clock);
    }

    /// <summary>When the engine started (on its clock): the slots whose cutoff had passed by then are back-filled.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>
    /// Whether <paramref name="slot"/> is back-filled history: its cutoff had passed before the engine started, so it
    /// can only be published by catching up (after a first start over past days, or after downtime), never within
    /// its bound. Its lateness says when the node started, not how it processes.
    /// </summary>
    public bool IsBackFill(Slot slot) => slot.End + cutoff <= StartedAt;

    /// <summary>Number of meters the engine holds state for.</summary>
    public int Meters => window.Meters;

    /// <summary>Number of partitions (one per core by default).</summary>
    public int PartitionCount => window.Partitions.Length;

    /// <summary>Total reads accepted since start (including those replayed from the read log).</summary>
    public long AcceptedTotal => Interlocked.Read(ref acceptedTotal);

    /// <summary>Which meters lack a read at a boundary (the re-reads after a publication; read-only, off the close path).</summary>
    internal ReadGaps Gaps => new(window);

    /// <summary>The latest version handed out (publications and revisions).</summary>
    public long CurrentVersion => versions.Current;

    /// <summary>The slots on their way to the history store (null without one): how many wait, and the store's failure.</summary>
    internal HistoryHandOver? History => handOver;

    /// <summary>Revisions held in memory: those of the slots in the window.</summary>
    internal int RevisionCount => revisions.Count;

    /// <summary>The meter ID of an ordinal.</summary>
    public string MeterIdOf(int ordinal) => registry.MeterIdOf(ordinal);

    /// <summary>
    /// Takes in registry changes made after the engine started: meters added to the registry (they join the last
    /// partition, which grows) and removals recorded on existing meters. Every partition is locked meanwhile.
    /// </summary>
    public void ApplyRegistryChanges() => window.ApplyRegistryChanges();

    /// <summary>
    /// Writes a snapshot of every partition to <paramref name="directory"/> (each under its lock, with the read-log
    /// position through which it has applied the log). Ingest into a partition waits while its snapshot is written.
    /// </summary>
    public void WriteSnapshot(string directory)
    {
        foreach (var part in window.Partitions)
        {
            // A slot that left the window must be in the history store before a snapshot without it covers its
            // reads' log positions, or a crash after the snapshot would lose it: write the captured slots first, and
            // again if the partition captured one between that write and taking its lock.
            while (true)
            {
                handOver?.Flush();
                lock (part.Gate)
                {
                    if (handOver is null || !handOver.HasPending(part.From))
                    {
                        EngineSnapshot.Write(directory, part, window.Boundaries, part.LogPosition, window.Fingerprint(part), revisions.OfMeters(part.From, part.Count));
                        break;
                    }
                }

                Thread.Yield();
            }
        }
    }

    /// <summary>
    /// Loads the snapshots in <paramref name="directory"/> if there is a valid one for every partition (else
    /// changes nothing). Returns the read-log position to replay from: 0 when nothing was loaded.
    /// </summary>
    public long LoadSnapshot(string directory)
    {
        var partitions = window.Partitions;
        var from = long.MaxValue;
        var fingerprints = new ulong[partitions.Length];
        var positions = new long[partitions.Length];
        Parallel.For(0, partitions.Length, p => fingerprints[p] = window.Fingerprint(partitions[p]));
        for (var p = 0; p < partitions.Length; p++)
        {
            if (!EngineSnapshot.TryReadHeader(directory, partitions[p], window.Boundaries, fingerprints[p], out positions[p]))
            {
                return 0;
            }

            from = Math.Min(from, positions[p]);
        }

        // One partition per core at a time: a restart at 30M meters loads about 3 GB of snapshots.
        var loaded = new List<Revision>[partitions.Length];
        Parallel.For(0, partitions.Length, p =>
        {
            var part = partitions[p];
            lock (part.Gate)
            {
                loaded[p] = EngineSnapshot.Load(directory, part, window.Boundaries);
                part.LogPosition = positions[p];
                Interlocked.Add(ref acceptedTotal, part.Accepted);
                foreach (var g in part.RowBoundary)
                {
                    part.Newest = Math.Max(part.Newest, g);
                }
            }
        });

        var newest = long.MinValue;
        foreach (var part in partitions)
        {
            newest = Math.Max(newest, part.Newest);
        }

        if (newest != long.MinValue)
        {
            window.AdvanceNewest(newest);
        }

        revisions.Restore(loaded.SelectMany(r => r));
        return from;
    }

    /// <summary>
    /// Validates a batch and applies the good reads, without a read log: for reads that are durable elsewhere (a
    /// replay of the read log, an input file read offline) and for tests. The HES goes through the read log
    /// (<see cref="Validate"/>, then <see cref="Apply"/>). With <paramref name="judgeClock"/> false (a replay:
    /// the reads were accepted once) a read is not rejected for being in the future.
    /// </summary>
    public IngestOutcome Ingest(ReadOnlySpan<MeterRead> reads, List<RejectedRead> rejected, bool judgeClock = true)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        return Count(batches.Apply(reads, rejected, judgeClock ? FutureLimit() : long.MaxValue, logPosition: -1));
    }

    /// <summary>
    /// Judges a batch against the window without changing anything: the reads that would be accepted are copied to
    /// <paramref name="admitted"/> (grouped by partition) and their number returned; rejections go to
    /// <paramref name="rejected"/>, exact duplicates are counted. What is admitted is what the read log must make
    /// durable before <see cref="Apply"/>.
    /// </summary>
    internal int Validate(ReadOnlySpan<MeterRead> reads, MeterRead[] admitted, List<RejectedRead> rejected, out int duplicates) =>
        batches.Validate(reads, admitted, rejected, FutureLimit(), out duplicates);

    /// <summary>
    /// Applies reads that <see cref="Validate"/> admitted and the read log has made durable, through
    /// <paramref name="logPosition"/> (the log's length after them: a snapshot replays from there). A read that
    /// a concurrent batch made a duplicate or a conflict meanwhile is counted or rejected as such; a replay of the
    /// log finds the same.
    /// </summary>
    internal IngestOutcome Apply(ReadOnlySpan<MeterRead> admitted, List<RejectedRead> rejected, long logPosition)
    {
        lock (applyGate)
        {
            var outcome = batches.Apply(admitted, rejected, long.MaxValue, logPosition);
            appliedThrough = Math.Max(appliedThrough, logPosition);
            return Count(outcome);
        }
    }

    private IngestOutcome Count(IngestOutcome outcome)
    {
        Interlocked.Add(ref acceptedTotal, outcome.Accepted);
        return outcome;
    }

    private long FutureLimit() => RegisterWindow.BoundaryOf(clock.GetUtcNow().UtcTicks) + 1;

    /// <summary>
    /// The read-log position of the next journaled publication a replay must restore (<see cref="RestorePublicationsThrough"/>)
    /// before it applies the reads after it; <see cref="long.MaxValue"/> when none is left.
    /// </summary>
    internal long NextRestoreAt => restored < toRestore.Length ? toRestore[restored].LogPosition : long.MaxValue;

    /// <summary>
    /// Restores the journaled publications marked at or before read-log position <paramref name="logPosition"/>,
    /// with the versions and timelines retailers saw: a replay calls this once it has applied the log through that
    /// position, so the reads after it revise those slots as they did before the restart (under new versions).
    /// </summary>
    internal void RestorePublicationsThrough(long logPosition)
    {
        while (restored < toRestore.Length && toRestore[restored].LogPosition <= logPosition)
        {
            var p = toRestore[restored++];
            publication.Restore(p.Boundary, p.Timeline, mark: !window.IsBeyondWindow(p.Boundary));
        }
    }

    /// <summary>
    /// Records that the read log has been applied through <paramref name="logPosition"/> (after a replay), and
    /// restores the journaled publications not restored yet.
    /// </summary>
    internal void MarkApplied(long logPosition)
    {
        RestorePublicationsThrough(long.MaxValue);
        lock (applyGate)
        {
            appliedThrough = Math.Max(appliedThrough, logPosition);
        }

        foreach (var part in window.Partitions)
        {
            lock (part.Gate)
            {
                part.LogPosition = Math.Max(part.LogPosition, logPosition);
            }
        }
    }

    /// <summary>
    /// Closes <paramref name="slot"/>: computes every meter's value once, in parallel over the partitions, records
    /// the quality mix and the timeline, makes the publication durable (the journal, when there is one) and only
    /// then publishes it: from then on readers get its values. A slot already published stays as it is (same
    /// version). Returns false when the slot has already left the window.
    /// </summary>
    public bool CloseSlot(Slot slot)
    {
        var g = RegisterWindow.BoundaryOf(slot.Start.UtcTicks);
        if (window.IsBeyondWindow(g))
        {
            return false;
        }

        if (publication.IsVisible(g))
        {
            return true;
        }

        var computeStart = clock.GetUtcNow();
        var v = publication.BeginClose();
        try
        {
            Publish(slot, g, v, computeStart);
        }
        finally
        {
            // Whatever happened, the feed's cursor must not stay held below this version.
            publication.EndClose(g, v);
        }

        // Revisions of slots that have left the window are history now; whoever keeps what it needs of them is told.
        var newest = window.Newest;
        if (newest != long.MinValue && revisions.Forget(newest - window.Boundaries + 1) is { Count: > 0 } forgotten)
        {
            RevisionsForgotten?.Invoke(forgotten);
        }

        return true;
    }

    private void Publish(Slot slot, long g, long v, DateTimeOffset computeStart)
    {
        long position;
        lock (applyGate)
        {
            publication.MarkPublished(g, v);
            position = appliedThrough;
        }

        var partitions = window.Partitions;
        var mixes = new long[partitions.Length, 5];
        Parallel.For(0, partitions.Length, p =>
        {
            var part = partitions[p];
            long actual = 0, estimated = 0, missing = 0, invalid = 0, total = 0;
            lock (part.Gate)
            {
                for (var o = part.From; o < part.From + part.Count; o++)
                {
                    var value = window.ValueOf(part, o, Direction.Import, g);
                    switch (value.Quality)
                    {
                        case SlotQuality.Actual: actual++; total += value.Units * registry.MultiplierOf(o); break;
                        case SlotQuality.Estimated: estimated++; total += value.Units * registry.MultiplierOf(o); break;
                        case SlotQuality.Missing: missing++; break;
                        case SlotQuality.Invalid: invalid++; break;
                        default: break;
                    }
                }
            }

            mixes[p, 0] = actual;
            mixes[p, 1] = estimated;
            mixes[p, 2] = missing;
            mixes[p, 3] = invalid;
            mixes[p, 4] = total;
        });

        long a = 0, e = 0, m = 0, i = 0, t = 0;
        for (var p = 0; p < partitions.Length; p++)
        {
            a += mixes[p, 0];
            e += mixes[p, 1];
            m += mixes[p, 2];
            i += mixes[p, 3];
            t += mixes[p, 4];
        }

        var timeline = publication.TimelineOf(slot, g, v, computeStart, clock.GetUtcNow(), new QualityMix((int)a, (int)e, (int)m, (int)i, t)) with { BackFilled = IsBackFill(slot) };

        // Durable before visible: what a retailer has seen comes back after any restart.
        journal?.Append(new JournaledPublication(g, v, position, timeline));
        publication.Complete(g, timeline);
    }

    /// <summary>
    /// A fingerprint of every meter's current import and export value in a slot (quality and units, in ordinal
    /// order): equal fingerprints mean identical values. Used to check that a restart reproduces what was
    /// published.
    /// </summary>
    public ulong Fingerprint(Slot slot)
    {
        var g = RegisterWindow.BoundaryOf(slot.Start.UtcTicks);
        var partitions = window.Partitions;
        var parts = new ulong[partitions.Length];
        Parallel.For(0, partitions.Length, p =>
        {
            var part = partitions[p];
            ulong h = 14695981039346656037UL;
            lock (part.Gate)
            {
                for (var o = part.From; o < part.From + part.Count; o++)
                {
                    for (var d = 0; d < 2; d++)
                    {
                        var v = window.ValueOf(part, o, (Direction)d, g);
                        h = unchecked((h ^ (ulong)v.Units ^ ((ulong)v.Quality << 56)) * 1099511628211UL);
                    }
                }
            }

            parts[p] = h;
        });

        ulong total = 0;
        foreach (var h in parts)
        {
            total = unchecked((total * 31) + h);
        }

        return total;
    }

    /// <summary>Whether the slot has been closed and published.</summary>
    public bool IsPublished(Slot slot) => publication.IsVisible(RegisterWindow.BoundaryOf(slot.Start.UtcTicks));

    /// <summary>Number of revisions of published values in the slot (while it is in the window).</summary>
    public int RevisionsOf(Slot slot) => revisions.CountIn(RegisterWindow.BoundaryOf(slot.Start.UtcTicks));

    /// <summary>Revisions with a version above <paramref name="sinceVersion"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<Revision> RevisionsSince(long sinceVersion, int limit) => revisions.Since(sinceVersion, limit);

    /// <summary>
    /// Raised on the closing thread with the revisions that left the window at a slot's close (oldest first), once
    /// they are gone from <see cref="RevisionsIn"/>'s answers: the fixed-usage files keep their update instants from
    /// them (the provision's revision archive).
    /// </summary>
    public event Action<IReadOnlyList<Revision>>? RevisionsForgotten;

    /// <summary>The revisions of published values in <paramref name="slot"/>, oldest first (while it is in the window).</summary>
    public IReadOnlyList<Revision> RevisionsIn(Slot slot) => revisions.In(RegisterWindow.BoundaryOf(slot.Start.UtcTicks));

    /// <summary>
    /// The highest version a change reader may move its cursor to: every publication and revision at or below it
    /// is visible. A slot being closed holds its version (taken when the close starts) until it is published, so a
    /// reader never passes it while revisions with higher versions are already visible.
    /// </summary>
    public long StableVersion => publication.StableVersion;

    /// <summary>Published slots with a version above <paramref name="sinceVersion"/>, oldest first.</summary>
    public IReadOnlyList<SlotTimeline> PublishedSince(long sinceVersion) => publication.PublishedSince(sinceVersion);

    /// <summary>The processing timeline of a slot (so far, if it is not published yet).</summary>
    public SlotTimeline TimelineOf(Slot slot) => publication.TimelineOf(slot, RegisterWindow.BoundaryOf(slot.Start.UtcTicks));

    /// <summary>
    /// The 48 values of a supply point's day (the sum over its meters), in one direction. Slots not yet published,
    /// or no longer in the window, are returned as unpublished and missing.
    /// </summary>
    public void ReadDay(ReadOnlySpan<int> ordinals, DateOnly date, Direction direction, Span<IntervalValue> destination, PublishedCut? cut = null)
    {
        if (destination.Length < Slot.PerDay)
        {
            throw new ArgumentException("destination must hold 48 values", nameof(destination));
        }

        for (var k = 0; k < Slot.PerDay; k++)
        {
            var slot = PrepareSlot(new Slot(date, k + 1), cut);
            destination[k] = ReadSlot(slot, ordinals, direction);
        }
    }

    /// <summary>
    /// Why a supply point's value in a slot is what it is (its meters' bounding reads, rules and multipliers, and its
    /// versions), derived now from the window and the revision log (<see cref="LineageReader"/>).
    /// </summary>
    internal PointLineage Explain(ReadOnlySpan<int> ordinals, Slot slot, Direction direction) => lineage.Explain(ordinals, slot, direction);

    /// <summary>
    /// What had been published at an instant: slots published after it read as unpublished, and every value
    /// revised after it reads as it was before that revision (its old value, quality and version). Built from
    /// the revisions logged after the instant, so its size is that of the revision tail, not of the fleet.
    /// </summary>
    public PublishedCut CutAt(DateTimeOffset instant) => revisions.CutAt(instant);

    /// <summary>
    /// Prepares the bulk read of one slot (its publication state looked up once), for <see cref="ReadSlot"/> over
    /// many supply points.
    /// </summary>
    public SlotRead PrepareSlot(Slot slot, PublishedCut? cut = null)
    {
        var g = RegisterWindow.BoundaryOf(slot.Start.UtcTicks);
        long? slotVersion = null;
        if (!window.IsBeyondWindow(g))
        {
            slotVersion = publication.PublishedVersion(g);
            if (slotVersion is not null && cut is not null && publication.PublishedTimeline(g) is { } t && t.PublishedAt > cut.Instant)
            {
                slotVersion = null;
            }
        }

        // A cut that revised nothing in this slot reads as no cut: no lookup per meter.
        return new SlotRead(slot, g, slotVersion, cut is not null && cut.Touches(g) ? cut : null);
    }

    /// <summary>A supply point's value (the sum over its meters) in a prepared slot, as the cut saw it if there is one.</summary>
    public IntervalValue ReadSlot(in SlotRead slot, ReadOnlySpan<int> ordinals, Direction direction) =>
        ReadPoint(ordinals, slot.Boundary, slot.Version, direction, slot.Cut);

    private IntervalValue ReadPoint(ReadOnlySpan<int> ordinals, long g, long? slotVersion, Direction direction, PublishedCut? cut)
    {
        if (window.IsBeyondWindow(g))
        {
            return handOver is not null
                ? ReadFromHistory(ordinals, g, direction, cut)
                : new IntervalValue(null, Quality.Missing, false);
        }

        if (slotVersion is null)
        {
            return new IntervalValue(null, Quality.Missing, false);
        }

        var total = default(PointTotal);
        var valueVersion = slotVersion.Value;

        // Most slots have no revisions: then no meter's version needs looking up.
        var revised = revisions.Of(g);
        var partitions = window.Partitions;
        foreach (var o in ordinals)
        {
            var part = partitions[window.PartitionOf(o)];
            MeterValue value;
            lock (part.Gate)
            {
                value = window.ValueOf(part, o, direction, g);
            }

            if (value.Quality == SlotQuality.NotInstalled)
            {
                continue;
            }

            if (cut is not null && cut.Undo.TryGetValue((o, g, direction), out var undone))
            {
                // Revised after the cut: as published then (the revision's old value and the version before it).
                total.Add(PointTotal.ToSlotQuality(undone.OldQuality), undone.OldEnergy?.Units ?? 0);
                valueVersion = Math.Max(valueVersion, undone.PreviousVersion);
                continue;
            }

            total.Add(value.Quality, value.Units * registry.MultiplierOf(o));
            if (revised is not null)
            {
                valueVersion = Math.Max(valueVersion, revisions.LatestVersion(revised, o, direction));
            }
        }

        return total.ToValue(valueVersion);
    }

    private IntervalValue ReadFromHistory(ReadOnlySpan<int> ordinals, long g, Direction direction, PublishedCut? cut)
    {
        var total = default(PointTotal);
        long valueVersion = 0;
        var found = false;
        foreach (var o in ordinals)
        {
            // Outside the meter's installation there is nothing to look up (the history store is read per meter).
            if (!SlotVee.IsInstalled(g, window.InstalledAt(o), window.RemovedAt(o)))
            {
                continue;
            }

            if (!handOver!.TryRead(g, o, direction == Direction.Export, out var units, out var quality, out var version))
            {
                continue;
            }

            found = true;
            if (cut is not null && cut.Undo.TryGetValue((o, g, direction), out var undone))
            {
                total.Add(PointTotal.ToSlotQuality(undone.OldQuality), undone.OldEnergy?.Units ?? 0);
                valueVersion = Math.Max(valueVersion, undone.PreviousVersion);
                continue;
            }

            valueVersion = Math.Max(valueVersion, version);
            if ((SlotQuality)quality != SlotQuality.NotInstalled)
            {
                total.Add((SlotQuality)quality, (long)units * registry.MultiplierOf(o));
            }
        }

        return found ? total.ToValue(valueVersion) : new IntervalValue(null, Quality.Missing, false);
    }

}
