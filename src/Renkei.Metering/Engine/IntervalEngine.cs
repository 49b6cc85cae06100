using System.Globalization;
using System.Runtime.CompilerServices;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Engine;

/// <summary>
/// The in-memory interval engine: register reads in, 30-minute energy out.
/// <para>
/// State: for each meter, its register at each 30-minute boundary of the window, in dense <c>long</c> arrays
/// indexed by meter ordinal and laid out boundary-major (<c>[row × meters + ordinal]</c>), in a ring of
/// boundaries (<see cref="IntervalEngineOptions.WindowDays"/> × 48 + 1). Meters are split into contiguous
/// partitions, one per core by default, each with its own lock: a batch of reads is applied by all
/// partitions in parallel, and a slot is closed by all partitions in parallel.
/// </para>
/// <para>
/// Values are derived from the registers whenever they are asked for (VEE, see <see cref="ValueOf"/>), so
/// there is no second copy of the window in memory; closing a slot computes every meter's value once (the
/// quality mix and total) and marks it published. A read that changes an already published value (a late
/// read, or the later read that closes a gap) is logged as a <see cref="Revision"/> with a new version.
/// </para>
/// </summary>
public sealed class IntervalEngine
{
    /// <summary>Marks a boundary without a read.</summary>
    internal const long Absent = long.MinValue;

    private readonly MeterRegistry registry;
    private readonly IReadLog log;
    private readonly TimeProvider clock;
    private readonly IntervalEngineOptions options;
    private int meters;
    private readonly int boundaries;
    private readonly int partitionSize;
    private readonly MeterPartition[] partitions;

    // Per-meter facts from the registry, by ordinal: installation and removal as boundary numbers (an int holds
    // every boundary to the year 9999; int.MaxValue: not removed). The other facts (registers at installation and
    // removal, multiplier, digits, physical maximum) are read from the registry's columns when needed: a copy
    // would cost 29 bytes per meter.
    private int[] installedAt;
    private int[] removedAt;
    private int[] exportIndex;

    // Publication state: ring of slot start boundaries published (or being closed).
    private readonly long[] publishedSlot;
    private readonly Dictionary<long, SlotTimeline> timelines = [];
    private readonly Dictionary<long, Arrival> arrivals = [];
    private readonly Lock timelineGate = new();
    private readonly List<long> closing = [];

    private readonly List<Revision> revisionLog = [];
    private readonly Dictionary<(int Ordinal, long Slot, Direction Direction), long> latestRevision = [];
    private readonly Dictionary<long, int> revisionsBySlot = [];
    private readonly Lock revisionGate = new();

    private long newestBoundary = long.MinValue;

    // Whether any slot has been published. Set before the slot's publication mark, so a read that does not see
    // it is computed into the slot by its publication.
    private volatile bool publishedOnce;
    private long version;
    private long acceptedTotal;

    public IntervalEngine(MeterRegistry registry, IReadLog log, TimeProvider clock, IntervalEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        if (options.WindowDays < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.WindowDays, "the window must hold at least 1 day");
        }

        this.registry = registry;
        this.log = log;
        this.clock = clock;
        this.options = options;
        meters = registry.Count;
        boundaries = (options.WindowDays * Slot.PerDay) + 1;

        installedAt = new int[meters];
        removedAt = new int[meters];
        exportIndex = new int[meters];

        var partitionCount = Math.Clamp(options.Partitions ?? Environment.ProcessorCount, 1, Math.Max(1, meters));
        partitionSize = Math.Max(1, (meters + partitionCount - 1) / partitionCount);
        partitions = new MeterPartition[partitionCount];

        // Partitions are built one per core: building is mostly the first touch of fresh memory (the ring), which
        // on a virtual machine can cost 16 µs per page, and page faults on two cores go 1.6 times as fast as on one.
        var size = partitionSize;
        var count = meters;
        Parallel.For(0, partitionCount, p =>
        {
            var from = Math.Min(count, p * size);
            var to = Math.Min(count, from + size);
            // The registry's columns in one copy per partition (a lock and a record per meter cost seconds at 30M).
            var n = to - from;
            var installed = new long[n];
            var removed = new long[n];
            var measuresExport = new bool[n];
            registry.CopyFacts(from, n, installed, removed, measuresExport);
            var exports = 0;
            for (var i = 0; i < n; i++)
            {
                SetMeter(from + i, installed[i], removed[i], measuresExport[i], ref exports);
            }

            partitions[p] = new MeterPartition(from, n, exports, boundaries);
        });

        publishedSlot = new long[boundaries];
        Array.Fill(publishedSlot, long.MinValue);
    }

    /// <summary>Takes in a meter's facts; <paramref name="removedTicks"/> is <see cref="long.MaxValue"/> while it is installed.</summary>
    private void SetMeter(int o, long installedTicks, long removedTicks, bool measuresExport, ref int exports)
    {
        installedAt[o] = checked((int)BoundaryOf(installedTicks));
        removedAt[o] = RemovedBoundary(removedTicks);
        exportIndex[o] = measuresExport ? exports++ : -1;
    }

    private static int RemovedBoundary(long removedTicks) =>
        removedTicks == long.MaxValue ? int.MaxValue : checked((int)BoundaryOf(removedTicks));

    private long InitialRegister(int o) => registry.FactsOf(o).InitialUnits;

    private long FinalRegister(int o) => registry.FactsOf(o).FinalUnits ?? Absent;

    /// <summary>Where meter <paramref name="o"/>'s register rolls over (from its digits: no array per meter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Rollover(int o) => RolloverUnitsByDigits[registry.DigitsOf(o)];

    private static readonly long[] RolloverUnitsByDigits = [.. Enumerable.Range(0, 13).Select(d => d == 0 ? 0 : MeterInstallation.RolloverUnits(d))];

    /// <summary>
    /// Takes in registry changes made after the engine started: meters added to the registry (they join the last
    /// partition, which grows) and removals recorded on existing meters. Every partition is locked meanwhile.
    /// </summary>
    public void ApplyRegistryChanges()
    {
        var locked = 0;
        try
        {
            foreach (var part in partitions)
            {
                part.Gate.Enter();
                locked++;
            }

            // Removals (and any other change of an existing meter's record) are re-read from the registry.
            for (var o = 0; o < meters; o++)
            {
                removedAt[o] = RemovedBoundary(registry.FactsOf(o).RemovedTicks ?? long.MaxValue);
            }

            var count = registry.Count;
            if (count == meters)
            {
                return;
            }

            Array.Resize(ref installedAt, count);
            Array.Resize(ref removedAt, count);
            Array.Resize(ref exportIndex, count);
            var last = partitions[^1];
            var exports = last.ExportCount;
            for (var o = meters; o < count; o++)
            {
                var m = registry.FactsOf(o);
                SetMeter(o, m.InstalledTicks, m.RemovedTicks ?? long.MaxValue, m.MeasuresExport, ref exports);
            }

            last.Grow(count - last.From, exports, boundaries);
            Volatile.Write(ref meters, count);
        }
        finally
        {
            for (var i = locked - 1; i >= 0; i--)
            {
                partitions[i].Gate.Exit();
            }
        }
    }

    /// <summary>
    /// Writes a snapshot of every partition to <paramref name="directory"/> (each under its lock, with the read-log
    /// position at that moment). Ingest into a partition waits while its snapshot is written.
    /// </summary>
    public void WriteSnapshot(string directory)
    {
        foreach (var part in partitions)
        {
            lock (part.Gate)
            {
                EngineSnapshot.Write(directory, part, boundaries, log.Position, Fingerprint(part));
            }
        }
    }

    /// <summary>
    /// Loads the snapshots in <paramref name="directory"/> if there is a valid one for every partition (else
    /// changes nothing). Returns the read-log position to replay from: 0 when nothing was loaded.
    /// </summary>
    public long LoadSnapshot(string directory)
    {
        var from = long.MaxValue;
        var fingerprints = new ulong[partitions.Length];
        Parallel.For(0, partitions.Length, p => fingerprints[p] = Fingerprint(partitions[p]));
        for (var p = 0; p < partitions.Length; p++)
        {
            if (!EngineSnapshot.TryReadHeader(directory, partitions[p], boundaries, fingerprints[p], out var position))
            {
                return 0;
            }

            from = Math.Min(from, position);
        }

        // One partition per core at a time: a restart at 30M meters loads about 3 GB of snapshots.
        Parallel.ForEach(partitions, part =>
        {
            lock (part.Gate)
            {
                EngineSnapshot.Load(directory, part, boundaries);
                Interlocked.Add(ref acceptedTotal, part.Accepted);
                foreach (var g in part.RowBoundary)
                {
                    part.Newest = Math.Max(part.Newest, g);
                }
            }
        });
        var newest = partitions.Max(p => p.Newest);

        if (newest != long.MinValue)
        {
            AdvanceNewest(newest);
        }

        return from;
    }

    /// <summary>Identifies the meters of a partition (their IDs in ordinal order), so a snapshot is loaded only into the registry it was taken from.</summary>
    private ulong Fingerprint(MeterPartition part)
    {
        var hash = 14695981039346656037UL;
        for (var o = part.From; o < part.From + part.Count; o++)
        {
            foreach (var c in registry.MeterIdUtf8Of(o))
            {
                hash = unchecked((hash ^ c) * 1099511628211UL);
            }

            hash = unchecked((hash ^ 0xFF) * 1099511628211UL);
        }

        return hash;
    }

    /// <summary>Number of meters the engine holds state for.</summary>
    public int Meters => meters;

    /// <summary>Number of partitions (one per core by default).</summary>
    public int PartitionCount => partitions.Length;

    /// <summary>Total reads accepted since start (including those replayed from the read log).</summary>
    public long AcceptedTotal => Interlocked.Read(ref acceptedTotal);

    /// <summary>The latest version handed out (publications and revisions).</summary>
    public long CurrentVersion => Interlocked.Read(ref version);

    /// <summary>The meter ID of an ordinal.</summary>
    public string MeterIdOf(int ordinal) => registry.MeterIdOf(ordinal);

    /// <summary>
    /// Validates a batch, applies the good reads, appends them to the durable read log and only then returns:
    /// what this returns as accepted is on disk. Exact duplicates are idempotent; a conflicting duplicate,
    /// a read before the meter's installation or after its removal, a register beyond its digits, an export
    /// read on an import-only meter or a read outside the in-memory window is rejected with its line and reason.
    /// </summary>
    public IngestOutcome Ingest(ReadOnlySpan<MeterRead> reads, List<RejectedRead> rejected, bool writeToLog = true)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        // Replayed reads (not written to the log again) were accepted once: the clock does not judge them again.
        var futureLimit = writeToLog ? BoundaryOf(clock.GetUtcNow().UtcTicks) + 1 : long.MaxValue;

        // Bucket the reads by partition (a counting sort of indexes), then apply the buckets in parallel.
        var p = partitions.Length;
        var counts = new int[p + 1];
        foreach (ref readonly var read in reads)
        {
            counts[PartitionOf(read.Ordinal) + 1]++;
        }

        for (var i = 1; i <= p; i++)
        {
            counts[i] += counts[i - 1];
        }

        var sorted = System.Buffers.ArrayPool<MeterRead>.Shared.Rent(Math.Max(reads.Length, 1));
        var fill = (int[])counts.Clone();
        foreach (ref readonly var read in reads)
        {
            sorted[fill[PartitionOf(read.Ordinal)]++] = read;
        }

        var results = new PartitionOutcome[p];
        if (p == 1 || reads.Length < 4096)
        {
            for (var i = 0; i < p; i++)
            {
                results[i] = ApplyToPartition(i, sorted.AsSpan(counts[i], counts[i + 1] - counts[i]), futureLimit, writeToLog);
            }
        }
        else
        {
            Parallel.For(0, p, i => results[i] = ApplyToPartition(i, sorted.AsSpan(counts[i], counts[i + 1] - counts[i]), futureLimit, writeToLog));
        }

        System.Buffers.ArrayPool<MeterRead>.Shared.Return(sorted);
        var accepted = 0;
        var duplicates = 0;
        Exception? failure = null;
        foreach (var r in results)
        {
            accepted += r.Accepted;
            duplicates += r.Duplicates;
            if (r.Rejected is not null)
            {
                rejected.AddRange(r.Rejected);
            }

            failure ??= r.Failure;
        }

        Interlocked.Add(ref acceptedTotal, accepted);
        if (failure is not null)
        {
            throw new IOException("the read log could not be written; the batch's reads in the failed partition were not accepted", failure);
        }

        return new IngestOutcome(accepted, duplicates, rejected);
    }

    private PartitionOutcome ApplyToPartition(int p, Span<MeterRead> reads, long futureLimit, bool writeToLog)
    {
        if (reads.IsEmpty)
        {
            return default;
        }

        var part = partitions[p];
        List<RejectedRead>? rejected = null;
        var duplicates = 0;
        var accepted = 0;
        Dictionary<long, int>? arrived = null;
        lock (part.Gate)
        {
            // Apply in place, compacting the accepted reads to the front of the span.
            for (var i = 0; i < reads.Length; i++)
            {
                var read = reads[i];
                var outcome = Apply(part, read, futureLimit, out var reason);
                switch (outcome)
                {
                    case ApplyResult.Accepted:
                        reads[accepted++] = read;
                        break;
                    case ApplyResult.Duplicate:
                        duplicates++;
                        break;
                    default:
                        (rejected ??= []).Add(new RejectedRead(read.Line, reason!));
                        break;
                }
            }

            var applied = reads[..accepted];
            if (accepted > 0 && writeToLog)
            {
                try
                {
                    log.Append(applied, registry);
                }
#pragma warning disable CA1031 // Any failure to make the reads durable un-applies them; the caller rethrows.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    foreach (ref readonly var read in applied)
                    {
                        Store(part, read, Absent);
                    }

                    return new PartitionOutcome(0, duplicates, rejected, e);
                }
            }

            part.Accepted += accepted;

            // Revisions of published values, now that the reads are durable.
            foreach (ref readonly var read in applied)
            {
                ReviseAround(part, read);
                if (read.Direction == Direction.Import)
                {
                    arrived ??= [];
                    var g = BoundaryOf(read.UtcTicks);
                    arrived[g] = arrived.GetValueOrDefault(g) + 1;
                }
            }
        }

        if (arrived is not null)
        {
            RecordArrivals(arrived);
        }

        return new PartitionOutcome(accepted, duplicates, rejected, null);
    }

    private ApplyResult Apply(MeterPartition part, in MeterRead read, long futureLimit, out string? reason)
    {
        var o = read.Ordinal;
        reason = null;
        if ((uint)o >= (uint)meters)
        {
            reason = "meter was registered after the engine started";
            return ApplyResult.Rejected;
        }

        if (read.UtcTicks % Slot.TicksPerSlot != 0)
        {
            reason = "read instant is not on a 30-minute boundary";
            return ApplyResult.Rejected;
        }

        var g = BoundaryOf(read.UtcTicks);
        if (g < installedAt[o])
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"read is before the meter's installation at {Format(installedAt[o])}");
            return ApplyResult.Rejected;
        }

        if (g > removedAt[o])
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"read is after the meter's removal at {Format(removedAt[o])}");
            return ApplyResult.Rejected;
        }

        if (g > futureLimit)
        {
            reason = "read instant is in the future";
            return ApplyResult.Rejected;
        }

        if (read.Direction == Direction.Export && exportIndex[o] < 0)
        {
            reason = "meter does not measure export";
            return ApplyResult.Rejected;
        }

        if (read.RegisterUnits < 0)
        {
            reason = "register value is negative";
            return ApplyResult.Rejected;
        }

        if (read.RegisterUnits >= Rollover(o))
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"register value exceeds the meter's {registry.DigitsOf(o)} digits");
            return ApplyResult.Rejected;
        }

        // The registry's initial and final registers are the reads at installation and removal.
        if ((g == installedAt[o] && read.Direction == Direction.Import) || (g == removedAt[o] && read.Direction == Direction.Import))
        {
            var registered = g == installedAt[o] ? InitialRegister(o) : FinalRegister(o);
            if (registered == read.RegisterUnits || registered == Absent)
            {
                return ApplyResult.Duplicate;
            }

            reason = string.Create(CultureInfo.InvariantCulture, $"conflicting duplicate: the registry has {Kwh.FromUnits(registered)} kWh at this instant");
            return ApplyResult.Rejected;
        }

        var newest = Volatile.Read(ref newestBoundary);
        if (newest != long.MinValue && g <= newest - boundaries)
        {
            reason = "read is older than the in-memory window";
            return ApplyResult.Rejected;
        }

        var r = Row(g);
        var held = part.RowBoundary[r];
        if (part.PersistedThrough == long.MinValue)
        {
            part.PersistedThrough = g - boundaries;
        }

        if (held != g)
        {
            if (held > g)
            {
                reason = "read is older than the in-memory window";
                return ApplyResult.Rejected;
            }

            // The row moves on to this newer boundary; the boundary it held leaves the window, and with it the
            // slot that starts there: the values of every slot leaving the window go to the history store first
            // (also slots whose start row this partition never used because none of its meters read then).
            if (options.History is not null)
            {
                for (var s = part.PersistedThrough + 1; s <= g - boundaries; s++)
                {
                    PersistSlot(part, s);
                }

                part.PersistedThrough = Math.Max(part.PersistedThrough, g - boundaries);
            }

            // Every row whose boundary leaves the window is retired now, oldest first (carried, then emptied),
            // not only this one: the register lanes chain each meter's registers in time order from the oldest
            // row, so no row may keep a boundary older than the window (a partition that got no reads for a
            // while would otherwise hold them until its rows are reused, out of order).
            if (part.Newest != long.MinValue)
            {
                var retire = Math.Min(g - part.Newest, boundaries);
                for (var k = 1; k <= retire; k++)
                {
                    var row = Row(part.Newest + k);
                    var old = part.RowBoundary[row];
                    if (old != long.MinValue && old <= g - boundaries)
                    {
                        part.Import.Oldest = row;
                        part.Export.Oldest = row;
                        part.Import.CarryRow(row, part.ImportCarry, part.ImportCarryBoundary, old);
                        part.Export.CarryRow(row, part.ExportCarry, part.ExportCarryBoundary, old);
                        part.Import.ClearRow(row);
                        part.Export.ClearRow(row);
                        part.RowBoundary[row] = long.MinValue;
                    }
                }
            }

            part.RowBoundary[r] = g;
            if (g > part.Newest)
            {
                part.Newest = g;
                part.Import.Oldest = Row(g + 1);
                part.Export.Oldest = Row(g + 1);
            }

            AdvanceNewest(g);
        }

        var current = Load(part, o, read.Direction, r);
        if (current == read.RegisterUnits)
        {
            return ApplyResult.Duplicate;
        }

        if (current != Absent)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"conflicting duplicate: register already {Kwh.FromUnits(current)} kWh at this instant");
            return ApplyResult.Rejected;
        }

        Store(part, read, read.RegisterUnits);
        return ApplyResult.Accepted;
    }

    /// <summary>
    /// A read at boundary g can change the slots between the previous and the next boundaries that have
    /// reads (a gap becomes estimable). For those already published, compute the value as it was and as it
    /// is now, and log each difference as a revision.
    /// </summary>
    private void ReviseAround(MeterPartition part, in MeterRead read)
    {
        // Before the first publication no published value can change. This also spares the first sight of every
        // meter (a fresh start, a replay) the search for a previous register through the whole window: at 30M
        // meters that search was a third of the first boundary's ingest time.
        if (!publishedOnce)
        {
            return;
        }

        var o = read.Ordinal;
        var dir = read.Direction;
        var g = BoundaryOf(read.UtcTicks);
        var previous = FindPresent(part, o, dir, g - 1, -1);
        var next = FindPresent(part, o, dir, g + 1, +1);
        var from = previous == long.MinValue ? g - 1 : previous;
        var to = next == long.MinValue ? g + 1 : next;
        var anyPublished = false;
        for (var s = from; s < to && !anyPublished; s++)
        {
            anyPublished = IsPublishedSlot(s);
        }

        if (!anyPublished)
        {
            return;
        }

        // The read is already stored: take it out to see the old values, then put it back.
        var count = (int)(to - from);
        var old = new SlotValueOf[count];
        Store(part, read, Absent);
        for (var s = from; s < to; s++)
        {
            old[s - from] = IsPublishedSlot(s) ? ValueOf(part, o, dir, s) : default;
        }

        Store(part, read, read.RegisterUnits);
        var at = clock.GetUtcNow();
        for (var s = from; s < to; s++)
        {
            if (!IsPublishedSlot(s))
            {
                continue;
            }

            var before = old[s - from];
            var after = ValueOf(part, o, dir, s);
            if (before == after)
            {
                continue;
            }

            lock (revisionGate)
            {
                var v = Interlocked.Increment(ref version);
                var slot = SlotOf(s);
                var previousVersion = latestRevision.TryGetValue((o, s, dir), out var p) ? p : PublishedVersion(s) ?? 0;
                revisionLog.Add(new Revision(v, o, dir, slot, EnergyOf(o, before), ToQuality(before.Quality), EnergyOf(o, after), ToQuality(after.Quality), at, previousVersion));
                latestRevision[(o, s, dir)] = v;
                revisionsBySlot[s] = revisionsBySlot.GetValueOrDefault(s) + 1;
            }
        }
    }

    /// <summary>
    /// Closes <paramref name="slot"/>: computes every meter's value once, in parallel over the partitions, records
    /// the quality mix and the timeline, and publishes it. From then on readers get its values. Returns false when
    /// the slot has already left the window.
    /// </summary>
    public bool CloseSlot(Slot slot)
    {
        var g = BoundaryOf(slot.Start.UtcTicks);
        var newest = Volatile.Read(ref newestBoundary);
        if (newest != long.MinValue && g <= newest - boundaries)
        {
            return false;
        }

        var computeStart = clock.GetUtcNow();
        long v;
        lock (timelineGate)
        {
            v = Interlocked.Increment(ref version);
            closing.Add(v);
        }

        try
        {
            Publish(slot, g, v, computeStart);
        }
        finally
        {
            // Whatever happened, the feed's cursor must not stay held below this version.
            lock (timelineGate)
            {
                closing.Remove(v);
            }
        }

        return true;
    }

    private void Publish(Slot slot, long g, long v, DateTimeOffset computeStart)
    {
        publishedOnce = true;
        Volatile.Write(ref publishedSlot[Row(g)], g);

        var mixes = new long[partitions.Length, 5];
        Parallel.For(0, partitions.Length, p =>
        {
            var part = partitions[p];
            long actual = 0, estimated = 0, missing = 0, invalid = 0, total = 0;
            lock (part.Gate)
            {
                for (var o = part.From; o < part.From + part.Count; o++)
                {
                    var value = ValueOf(part, o, Direction.Import, g);
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

        var computeEnd = clock.GetUtcNow();
        lock (timelineGate)
        {
            var arrival = ArrivalOf(g + 1);
            timelines[g] = TimelineOf(slot, arrival) with
            {
                ComputeStart = computeStart,
                ComputeEnd = computeEnd,
                PublishedAt = computeEnd,
                Version = v,
                Quality = new QualityMix((int)a, (int)e, (int)m, (int)i, t),
            };
            closing.Remove(v);
            PruneTimelines(g);
        }
    }

    /// <summary>
    /// A fingerprint of every meter's current import and export value in a slot (quality and units, in ordinal
    /// order): equal fingerprints mean identical values. Used to check that a restart reproduces what was
    /// published.
    /// </summary>
    public ulong Fingerprint(Slot slot)
    {
        var g = BoundaryOf(slot.Start.UtcTicks);
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
                        var v = ValueOf(part, o, (Direction)d, g);
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
    public bool IsPublished(Slot slot) => IsPublishedSlot(BoundaryOf(slot.Start.UtcTicks));

    /// <summary>Number of revisions of published values in the slot.</summary>
    public int RevisionsOf(Slot slot)
    {
        lock (revisionGate)
        {
            return revisionsBySlot.GetValueOrDefault(BoundaryOf(slot.Start.UtcTicks));
        }
    }

    /// <summary>Revisions with a version above <paramref name="sinceVersion"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<Revision> RevisionsSince(long sinceVersion, int limit)
    {
        lock (revisionGate)
        {
            var start = revisionLog.BinarySearch(new Revision(sinceVersion, 0, Direction.Import, default, null, default, null, default, default, 0), RevisionByVersion.Instance);
            start = start < 0 ? ~start : start + 1;
            return revisionLog.GetRange(start, Math.Min(limit, revisionLog.Count - start));
        }
    }

    /// <summary>The revisions of published values in <paramref name="slot"/>, oldest first (a scan of the revision log).</summary>
    public IReadOnlyList<Revision> RevisionsIn(Slot slot)
    {
        var result = new List<Revision>();
        lock (revisionGate)
        {
            if (!revisionsBySlot.ContainsKey(BoundaryOf(slot.Start.UtcTicks)))
            {
                return result;
            }

            foreach (var r in revisionLog)
            {
                if (r.Slot == slot)
                {
                    result.Add(r);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The highest version a change reader may move its cursor to: every publication and revision at or below it
    /// is visible. A slot being closed holds its version (taken when the close starts) until it is published, so a
    /// reader never passes it while revisions with higher versions are already visible.
    /// </summary>
    public long StableVersion
    {
        get
        {
            lock (timelineGate)
            {
                var stable = Interlocked.Read(ref version);
                foreach (var v in closing)
                {
                    stable = Math.Min(stable, v - 1);
                }

                return stable;
            }
        }
    }

    /// <summary>Published slots with a version above <paramref name="sinceVersion"/>, oldest first.</summary>
    public IReadOnlyList<SlotTimeline> PublishedSince(long sinceVersion)
    {
        lock (timelineGate)
        {
            return [.. timelines.Values.Where(t => t.Version > sinceVersion).OrderBy(t => t.Version)];
        }
    }

    /// <summary>The processing timeline of a slot (so far, if it is not published yet).</summary>
    public SlotTimeline TimelineOf(Slot slot)
    {
        var g = BoundaryOf(slot.Start.UtcTicks);
        lock (timelineGate)
        {
            return timelines.TryGetValue(g, out var published) ? published : TimelineOf(slot, ArrivalOf(g + 1));
        }
    }

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
    /// What had been published at an instant: slots published after it read as unpublished, and every value
    /// revised after it reads as it was before that revision (its old value, quality and version). Built from
    /// the revisions logged after the instant, so its size is that of the revision tail, not of the fleet.
    /// </summary>
    public PublishedCut CutAt(DateTimeOffset instant)
    {
        var undo = new Dictionary<(int Ordinal, long Boundary, Direction Direction), Revision>();
        lock (revisionGate)
        {
            // Newest first: the earliest revision after the instant is applied last and wins.
            for (var i = revisionLog.Count - 1; i >= 0 && revisionLog[i].At > instant; i--)
            {
                var r = revisionLog[i];
                undo[(r.Ordinal, BoundaryOf(r.Slot.Start.UtcTicks), r.Direction)] = r;
            }
        }

        return new PublishedCut(instant, undo);
    }

    /// <summary>
    /// Prepares the bulk read of one slot (its publication state looked up once), for <see cref="ReadSlot"/> over
    /// many supply points.
    /// </summary>
    public SlotRead PrepareSlot(Slot slot, PublishedCut? cut = null)
    {
        var g = BoundaryOf(slot.Start.UtcTicks);
        long? slotVersion = null;
        if (!IsBeyondWindow(g))
        {
            slotVersion = PublishedVersion(g);
            if (slotVersion is not null && cut is not null)
            {
                lock (timelineGate)
                {
                    if (timelines.TryGetValue(g, out var t) && t.PublishedAt > cut.Instant)
                    {
                        slotVersion = null;
                    }
                }
            }
        }

        return new SlotRead(slot, g, slotVersion, cut);
    }

    /// <summary>A supply point's value (the sum over its meters) in a prepared slot, as the cut saw it if there is one.</summary>
    public IntervalValue ReadSlot(in SlotRead slot, ReadOnlySpan<int> ordinals, Direction direction) =>
        ReadPoint(ordinals, slot.Boundary, slot.Version, direction, slot.Cut);

    private IntervalValue ReadPoint(ReadOnlySpan<int> ordinals, long g, long? slotVersion, Direction direction, PublishedCut? cut)
    {
        if (IsBeyondWindow(g))
        {
            return options.History is not null
                ? ReadFromHistory(ordinals, g, direction, cut)
                : new IntervalValue(null, Quality.Missing, false);
        }

        if (slotVersion is null)
        {
            return new IntervalValue(null, Quality.Missing, false);
        }

        var total = default(PointTotal);
        var valueVersion = slotVersion.Value;
        foreach (var o in ordinals)
        {
            var part = partitions[PartitionOf(o)];
            SlotValueOf value;
            lock (part.Gate)
            {
                value = ValueOf(part, o, direction, g);
            }

            if (value.Quality == SlotQuality.NotInstalled)
            {
                continue;
            }

            if (cut is not null && cut.Undo.TryGetValue((o, g, direction), out var undone))
            {
                // Revised after the cut: as published then (the revision's old value and the version before it).
                total.Add(ToSlotQuality(undone.OldQuality), undone.OldEnergy?.Units ?? 0);
                valueVersion = Math.Max(valueVersion, undone.PreviousVersion);
                continue;
            }

            total.Add(value.Quality, value.Units * registry.MultiplierOf(o));
            lock (revisionGate)
            {
                if (latestRevision.TryGetValue((o, g, direction), out var revised) && revised > valueVersion)
                {
                    valueVersion = revised;
                }
            }
        }

        return total.ToValue(valueVersion);
    }

    private static SlotQuality ToSlotQuality(Quality quality) => quality switch
    {
        Quality.Actual => SlotQuality.Actual,
        Quality.Estimated => SlotQuality.Estimated,
        Quality.Invalid => SlotQuality.Invalid,
        _ => SlotQuality.Missing,
    };

    /// <summary>
    /// VEE for one meter, one direction, one slot (starting at boundary <paramref name="g"/>):
    /// <list type="bullet">
    /// <item>both boundary reads present: (end − start), plus 10^digits if it rolled over; above the meter's
    /// physical maximum (or negative without a plausible roll-over): invalid; else actual;</item>
    /// <item>a read missing, but reads before and after the gap: the gap's register difference is shared over its
    /// slots so the shares sum to it exactly (equal shares, the remainder one unit each to the first slots):
    /// estimated; implausible as a whole: invalid;</item>
    /// <item>otherwise missing. Slots outside the meter's installation: not installed (contribute nothing).</item>
    /// </list>
    /// Units are register units (0.0001 kWh) before the multiplier.
    /// </summary>
    private SlotValueOf ValueOf(MeterPartition part, int o, Direction dir, long g)
    {
        if (g < installedAt[o] || g + 1 > removedAt[o] || (dir == Direction.Export && exportIndex[o] < 0))
        {
            return new SlotValueOf(0, SlotQuality.NotInstalled);
        }

        var start = Load(part, o, dir, g);
        var end = Load(part, o, dir, g + 1);
        if (start != Absent && end != Absent)
        {
            return Delta(o, start, end, 1, out var units) ? new SlotValueOf(units, SlotQuality.Actual) : new SlotValueOf(0, SlotQuality.Invalid);
        }

        var p = start != Absent ? g : FindPresent(part, o, dir, g - 1, -1);
        var q = end != Absent ? g + 1 : FindPresent(part, o, dir, g + 2, +1);
        if (p == long.MinValue || q == long.MinValue)
        {
            return new SlotValueOf(0, SlotQuality.Missing);
        }

        var span = q - p;
        if (!Delta(o, Load(part, o, dir, p), Load(part, o, dir, q), span, out var total))
        {
            return new SlotValueOf(0, SlotQuality.Invalid);
        }

        var share = Math.DivRem(total, span, out var remainder);
        return new SlotValueOf(share + (g - p < remainder ? 1 : 0), SlotQuality.Estimated);
    }

    private void PersistSlot(MeterPartition part, long g)
    {
        var n = part.Count;
        var importUnits = new int[n];
        var importQuality = new byte[n];
        var exportUnits = new int[n];
        var exportQuality = new byte[n];
        for (var i = 0; i < n; i++)
        {
            var o = part.From + i;
            var import = ValueOf(part, o, Direction.Import, g);
            importUnits[i] = (int)Math.Min(import.Units, int.MaxValue);
            importQuality[i] = (byte)import.Quality;
            var export = ValueOf(part, o, Direction.Export, g);
            exportUnits[i] = (int)Math.Min(export.Units, int.MaxValue);
            exportQuality[i] = (byte)export.Quality;
        }

        SlotTimeline? timeline;
        lock (timelineGate)
        {
            timelines.TryGetValue(g, out timeline);
        }

        options.History!.WriteSlot(g, part.From, importUnits, importQuality, exportUnits, exportQuality, timeline?.Version ?? 0, timeline?.PublishedAt);
    }

    private bool IsBeyondWindow(long g)
    {
        var newest = Volatile.Read(ref newestBoundary);
        return newest != long.MinValue && g <= newest - boundaries;
    }

    private IntervalValue ReadFromHistory(ReadOnlySpan<int> ordinals, long g, Direction direction, PublishedCut? cut)
    {
        var total = default(PointTotal);
        long valueVersion = 0;
        var found = false;
        foreach (var o in ordinals)
        {
            // Outside the meter's installation there is nothing to look up (the history store is read per meter).
            if (g < installedAt[o] || g + 1 > removedAt[o])
            {
                continue;
            }

            if (!options.History!.TryRead(g, o, direction == Direction.Export, out var units, out var quality, out var version))
            {
                continue;
            }

            found = true;
            if (cut is not null && cut.Undo.TryGetValue((o, g, direction), out var undone))
            {
                total.Add(ToSlotQuality(undone.OldQuality), undone.OldEnergy?.Units ?? 0);
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

    private bool Delta(int o, long start, long end, long slots, out long units)
    {
        units = end - start;
        if (units < 0)
        {
            // Roll-over: plausible only if the wrapped advance is within the meter's physical maximum.
            units += Rollover(o);
        }

        return units >= 0 && units <= registry.MaxPerSlotUnitsOf(o) * slots;
    }

    /// <summary>The nearest boundary from <paramref name="from"/> in direction <paramref name="step"/> that has a register, within the window and the meter's installation.</summary>
    private long FindPresent(MeterPartition part, int o, Direction dir, long from, int step)
    {
        var newest = Volatile.Read(ref newestBoundary);
        if (newest == long.MinValue)
        {
            return long.MinValue;
        }

        var lowest = Math.Max(installedAt[o], newest - boundaries + 1);
        var highest = Math.Min(removedAt[o], newest);
        for (var g = from; g >= lowest && g <= highest; g += step)
        {
            if (Load(part, o, dir, g) != Absent)
            {
                return g;
            }
        }

        if (step < 0)
        {
            // Before the window: the meter's last register that left it (not its installation, whose later
            // reads the engine may never have seen).
            var carried = CarryBoundary(part, o, dir);
            if (carried != long.MinValue && carried <= from && carried >= installedAt[o])
            {
                return carried;
            }
        }

        return long.MinValue;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Load(MeterPartition part, int o, Direction dir, long g)
    {
        if (dir == Direction.Import)
        {
            if (g == installedAt[o])
            {
                return InitialRegister(o);
            }

            if (g == removedAt[o])
            {
                return FinalRegister(o);
            }
        }

        var r = Row(g);
        if (part.RowBoundary[r] == g)
        {
            return Load(part, o, dir, r);
        }

        return CarryBoundary(part, o, dir) == g
            ? (dir == Direction.Import ? part.ImportCarry[o - part.From] : part.ExportCarry[exportIndex[o]])
            : Absent;
    }

    private long CarryBoundary(MeterPartition part, int o, Direction dir) =>
        dir == Direction.Import
            ? part.ImportCarryBoundary[o - part.From]
            : exportIndex[o] >= 0 ? part.ExportCarryBoundary[exportIndex[o]] : long.MinValue;

    private long Load(MeterPartition part, int o, Direction dir, int row) =>
        dir == Direction.Import
            ? part.Import[row, o - part.From]
            : part.Export[row, exportIndex[o]];

    private void Store(MeterPartition part, in MeterRead read, long value)
    {
        var r = Row(BoundaryOf(read.UtcTicks));
        if (read.Direction == Direction.Import)
        {
            part.Import[r, read.Ordinal - part.From] = value;
        }
        else
        {
            part.Export[r, exportIndex[read.Ordinal]] = value;
        }
    }

    private Kwh? EnergyOf(int o, SlotValueOf value) =>
        value.Quality is SlotQuality.Actual or SlotQuality.Estimated ? Kwh.FromUnits(value.Units * registry.MultiplierOf(o)) : null;

    private static Quality ToQuality(SlotQuality quality) => quality switch
    {
        SlotQuality.Actual => Quality.Actual,
        SlotQuality.Estimated => Quality.Estimated,
        SlotQuality.Invalid => Quality.Invalid,
        _ => Quality.Missing,
    };

    private bool IsPublishedSlot(long g) => Volatile.Read(ref publishedSlot[Row(g)]) == g;

    private long? PublishedVersion(long g)
    {
        if (!IsPublishedSlot(g))
        {
            return null;
        }

        lock (timelineGate)
        {
            return timelines.TryGetValue(g, out var t) ? t.Version : 0;
        }
    }

    private void AdvanceNewest(long g)
    {
        var current = Volatile.Read(ref newestBoundary);
        while (g > current)
        {
            var seen = Interlocked.CompareExchange(ref newestBoundary, g, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private void RecordArrivals(Dictionary<long, int> arrived)
    {
        var now = clock.GetUtcNow();
        lock (timelineGate)
        {
            foreach (var (g, n) in arrived)
            {
                var a = ArrivalOf(g);
                a.Count += n;
                var share = a.Expected == 0 ? 1.0 : (double)a.Count / a.Expected;
                a.At50 ??= share >= 0.5 ? now : null;
                a.At90 ??= share >= 0.9 ? now : null;
                a.At99 ??= share >= 0.99 ? now : null;
                a.At100 ??= share >= 1.0 ? now : null;
            }
        }
    }

    private Arrival ArrivalOf(long g)
    {
        if (!arrivals.TryGetValue(g, out var a))
        {
            var expected = 0;
            for (var o = 0; o < meters; o++)
            {
                if (installedAt[o] < g && g < removedAt[o])
                {
                    expected++;
                }
            }

            a = new Arrival { Expected = expected };
            arrivals[g] = a;
        }

        return a;
    }

    private SlotTimeline TimelineOf(Slot slot, Arrival a) =>
        new(slot, slot.End, slot.End + options.Cutoff, a.Expected, a.Count, a.At50, a.At90, a.At99, a.At100, null, null, null, null, null);

    private void PruneTimelines(long g)
    {
        var keepFrom = g - (boundaries * 2);
        foreach (var key in timelines.Keys.Where(k => k < keepFrom).ToList())
        {
            timelines.Remove(key);
        }

        foreach (var key in arrivals.Keys.Where(k => k < keepFrom).ToList())
        {
            arrivals.Remove(key);
        }
    }

    private int PartitionOf(int ordinal) => Math.Min((uint)ordinal < (uint)meters ? ordinal / partitionSize : 0, partitions.Length - 1);

    private int Row(long g) => (int)(((g % boundaries) + boundaries) % boundaries);

    private static long BoundaryOf(long utcTicks) => utcTicks / Slot.TicksPerSlot;

    private static Slot SlotOf(long g) => Slot.Containing(new DateTimeOffset(g * Slot.TicksPerSlot, TimeSpan.Zero));

    private static string Format(long g) =>
        Jst.ToJst(new DateTimeOffset(g * Slot.TicksPerSlot, TimeSpan.Zero)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private enum ApplyResult
    {
        Accepted,
        Duplicate,
        Rejected,
    }

    private enum SlotQuality : byte
    {
        Actual = 0,
        Estimated = 1,
        Missing = 2,
        Invalid = 3,
        NotInstalled = 4,
    }

    private readonly record struct SlotValueOf(long Units, SlotQuality Quality);

    /// <summary>A supply point's value in a slot: the sum over its installed meters, with the worst quality.</summary>
    private struct PointTotal
    {
        private long units;
        private SlotQuality worst;
        private bool any;

        /// <summary>Adds one installed meter's quality and energy (after the multiplier).</summary>
        public void Add(SlotQuality quality, long energyUnits)
        {
            worst = !any || quality > worst ? quality : worst;
            any = true;
            if (quality is SlotQuality.Actual or SlotQuality.Estimated)
            {
                units += energyUnits;
            }
        }

        /// <summary>The published value; no installed meter at all reads as missing.</summary>
        public readonly IntervalValue ToValue(long version) => !any ? new IntervalValue(null, Quality.Missing, true, version) : worst switch
        {
            SlotQuality.Actual => new IntervalValue(Kwh.FromUnits(units), Quality.Actual, true, version),
            SlotQuality.Estimated => new IntervalValue(Kwh.FromUnits(units), Quality.Estimated, true, version),
            SlotQuality.Invalid => new IntervalValue(null, Quality.Invalid, true, version),
            _ => new IntervalValue(null, Quality.Missing, true, version),
        };
    }

    private readonly record struct PartitionOutcome(int Accepted, int Duplicates, List<RejectedRead>? Rejected, Exception? Failure);

    private sealed class Arrival
    {
        public int Expected { get; init; }

        public int Count { get; set; }

        public DateTimeOffset? At50 { get; set; }

        public DateTimeOffset? At90 { get; set; }

        public DateTimeOffset? At99 { get; set; }

        public DateTimeOffset? At100 { get; set; }
    }

    private sealed class RevisionByVersion : IComparer<Revision>
    {
        public static readonly RevisionByVersion Instance = new();

        public int Compare(Revision? x, Revision? y) => x!.Version.CompareTo(y!.Version);
    }
}
