using System.Buffers;
using System.Globalization;
using System.Numerics;
using Renkei.Domain.Energy;
using Renkei.Metering.Engine.HandOver;
using Renkei.Metering.Engine.Publication;
using Renkei.Metering.Engine.Revisions;
using Renkei.Metering.Engine.Vee;
using Renkei.Metering.Engine.Window;

namespace Renkei.Metering.Engine;

/// <summary>
/// Batches of reads into the window: sorted by partition, then judged (<see cref="Validate"/>) or applied
/// (<see cref="Apply"/>) by all partitions in parallel, each under its lock. Applying a read also revises the
/// published values it changes, counts its arrival for the dashboard, and, once the partition's lock is
/// released, hands the slots it pushed out of the window to the history store.
/// </summary>
internal sealed class ReadBatches(
    RegisterWindow window,
    ReadAdmission admission,
    SlotPublication publication,
    RevisionLog revisions,
    HistoryHandOver? handOver,
    TimeProvider clock)
{
    private const int ParallelFrom = 4096;

    // The exact comparison of repeat candidates, kept between batches so it does not allocate once grown.
    private Dictionary<(int Ordinal, long UtcTicks, Direction Direction), long>? spareFirst;

    /// <summary>
    /// Judges a batch without changing anything: the reads that would be accepted are copied to
    /// <paramref name="admitted"/> (grouped by partition) and their number returned.
    /// </summary>
    public int Validate(ReadOnlySpan<MeterRead> reads, MeterRead[] admitted, List<RejectedRead> rejected, long futureLimit, out int duplicates)
    {
        var counts = Bucket(reads, admitted);
        var p = window.Partitions.Length;
        var results = EachPartition(reads.Length, i => CheckPartition(i, admitted.AsSpan(counts[i], counts[i + 1] - counts[i]), futureLimit));

        // The kept reads of each bucket sit at its front: close the gaps.
        var kept = 0;
        duplicates = 0;
        for (var i = 0; i < p; i++)
        {
            admitted.AsSpan(counts[i], results[i].Accepted).CopyTo(admitted.AsSpan(kept));
            kept += results[i].Accepted;
            duplicates += results[i].Duplicates;
            if (results[i].Rejected is { } r)
            {
                rejected.AddRange(r);
            }
        }

        return RemoveRepeats(admitted.AsSpan(0, kept), rejected, ref duplicates);
    }

    /// <summary>
    /// Keeps the first of the reads in a batch that share a meter, instant and direction: a repeat with the same
    /// register is an exact duplicate, with another a conflicting one. A bitmap of hashes finds the candidates
    /// in two passes, so only reads whose hash came twice are compared exactly. Returns the reads kept.
    /// </summary>
    private int RemoveRepeats(Span<MeterRead> reads, List<RejectedRead> rejected, ref int duplicates)
    {
        if (reads.Length < 2)
        {
            return reads.Length;
        }

        var bits = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(reads.Length * 32L, 1024, 1L << 28));
        var words = bits / 64;
        var seen = ArrayPool<ulong>.Shared.Rent(words);
        var twice = ArrayPool<ulong>.Shared.Rent(words);
        try
        {
            Array.Clear(seen, 0, words);
            Array.Clear(twice, 0, words);
            var mask = (ulong)(bits - 1);
            foreach (ref readonly var read in reads)
            {
                var h = Hash(read) & mask;
                var bit = 1UL << (int)(h & 63);
                ref var word = ref seen[h >> 6];
                if ((word & bit) != 0)
                {
                    twice[h >> 6] |= bit;
                }

                word |= bit;
            }

            var first = Interlocked.Exchange(ref spareFirst, null) ?? [];
            first.Clear();
            var kept = 0;
            for (var i = 0; i < reads.Length; i++)
            {
                var read = reads[i];
                var h = Hash(read) & mask;
                if ((twice[h >> 6] & (1UL << (int)(h & 63))) != 0)
                {
                    var key = (read.Ordinal, read.UtcTicks, read.Direction);
                    if (first.TryGetValue(key, out var register))
                    {
                        if (register == read.RegisterUnits)
                        {
                            duplicates++;
                        }
                        else
                        {
                            rejected.Add(new RejectedRead(read.Line, string.Create(CultureInfo.InvariantCulture, $"conflicting duplicate: register already {Kwh.FromUnits(register)} kWh at this instant")));
                        }

                        continue;
                    }

                    first[key] = read.RegisterUnits;
                }

                reads[kept++] = read;
            }

            first.Clear();
            spareFirst = first;
            return kept;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(seen);
            ArrayPool<ulong>.Shared.Return(twice);
        }
    }

    private static ulong Hash(in MeterRead read) =>
        unchecked((((ulong)(uint)read.Ordinal * 0x9E3779B97F4A7C15UL) ^ ((ulong)read.UtcTicks * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)read.Direction) * 0xFF51AFD7ED558CCDUL) >> 20;

    /// <summary>Applies a batch in parallel over the partitions; <paramref name="logPosition"/> is the read log's length after it (−1: not logged).</summary>
    public IngestOutcome Apply(ReadOnlySpan<MeterRead> reads, List<RejectedRead> rejected, long futureLimit, long logPosition)
    {
        var sorted = ArrayPool<MeterRead>.Shared.Rent(Math.Max(reads.Length, 1));
        try
        {
            var counts = Bucket(reads, sorted);
            var results = EachPartition(reads.Length, i => ApplyToPartition(i, sorted.AsSpan(counts[i], counts[i + 1] - counts[i]), futureLimit, logPosition));

            var accepted = 0;
            var duplicates = 0;
            foreach (var r in results)
            {
                accepted += r.Accepted;
                duplicates += r.Duplicates;
                if (r.Rejected is not null)
                {
                    rejected.AddRange(r.Rejected);
                }
            }

            return new IngestOutcome(accepted, duplicates, rejected);
        }
        finally
        {
            ArrayPool<MeterRead>.Shared.Return(sorted);
        }
    }

    /// <summary>Runs <paramref name="work"/> for every partition: in parallel for a large batch, in turn for a small one.</summary>
    private PartitionOutcome[] EachPartition(int reads, Func<int, PartitionOutcome> work)
    {
        var results = new PartitionOutcome[window.Partitions.Length];
        if (results.Length == 1 || reads < ParallelFrom)
        {
            for (var i = 0; i < results.Length; i++)
            {
                results[i] = work(i);
            }
        }
        else
        {
            Parallel.For(0, results.Length, i => results[i] = work(i));
        }

        return results;
    }

    /// <summary>Sorts the reads by partition into <paramref name="sorted"/> (a counting sort); returns each partition's start, and the end.</summary>
    private int[] Bucket(ReadOnlySpan<MeterRead> reads, MeterRead[] sorted)
    {
        var p = window.Partitions.Length;
        var counts = new int[p + 1];
        foreach (ref readonly var read in reads)
        {
            counts[window.PartitionOf(read.Ordinal) + 1]++;
        }

        for (var i = 1; i <= p; i++)
        {
            counts[i] += counts[i - 1];
        }

        var fill = (int[])counts.Clone();
        foreach (ref readonly var read in reads)
        {
            sorted[fill[window.PartitionOf(read.Ordinal)]++] = read;
        }

        return counts;
    }

    /// <summary>Judges a partition's reads, keeping those that would be accepted at the front of the span.</summary>
    private PartitionOutcome CheckPartition(int p, Span<MeterRead> reads, long futureLimit)
    {
        if (reads.IsEmpty)
        {
            return default;
        }

        var part = window.Partitions[p];
        lock (part.Gate)
        {
            return Sift<Check>(part, reads, futureLimit);
        }
    }

    private PartitionOutcome ApplyToPartition(int p, Span<MeterRead> reads, long futureLimit, long logPosition)
    {
        var part = window.Partitions[p];
        if (reads.IsEmpty)
        {
            if (logPosition >= 0)
            {
                lock (part.Gate)
                {
                    part.LogPosition = Math.Max(part.LogPosition, logPosition);
                }
            }

            return default;
        }

        PartitionOutcome outcome;
        Dictionary<long, int>? arrived = null;
        lock (part.Gate)
        {
            outcome = Sift<Store>(part, reads, futureLimit);
            var accepted = outcome.Accepted;
            part.Accepted += accepted;
            if (logPosition >= 0)
            {
                part.LogPosition = Math.Max(part.LogPosition, logPosition);
            }

            foreach (ref readonly var read in reads[..accepted])
            {
                ReviseAround(part, read);
                if (read.Direction == Direction.Import)
                {
                    arrived ??= [];
                    var g = RegisterWindow.BoundaryOf(read.UtcTicks);
                    arrived[g] = arrived.GetValueOrDefault(g) + 1;
                }
            }
        }

        // Slots that left the window go to the history store off the ingest path, now that the partition is free.
        handOver?.Signal();
        if (arrived is not null)
        {
            publication.RecordArrivals(arrived, clock.GetUtcNow());
        }

        return outcome;
    }

    /// <summary>
    /// Admits a partition's reads one by one (its lock held by the caller): judged only (<see cref="Check"/>) or
    /// stored (<see cref="Store"/>). The accepted reads are compacted to the front of the span. The step is a
    /// struct type argument, not a delegate, so the per-read call is inlined on the ingest path.
    /// </summary>
    private PartitionOutcome Sift<TStep>(MeterPartition part, Span<MeterRead> reads, long futureLimit)
        where TStep : struct, IAdmissionStep
    {
        List<RejectedRead>? rejected = null;
        var duplicates = 0;
        var kept = 0;
        for (var i = 0; i < reads.Length; i++)
        {
            var read = reads[i];
            switch (default(TStep).Admit(admission, part, read, futureLimit, out var reason))
            {
                case AdmissionResult.Accepted:
                    reads[kept++] = read;
                    break;
                case AdmissionResult.Duplicate:
                    duplicates++;
                    break;
                default:
                    (rejected ??= []).Add(new RejectedRead(read.Line, reason!));
                    break;
            }
        }

        return new PartitionOutcome(kept, duplicates, rejected);
    }

    /// <summary>
    /// A read at boundary g can change the slots between the previous and the next boundaries that have
    /// reads (a gap becomes estimable). For those already published, compute the value as it was and as it
    /// is now, and log each difference as a revision.
    /// </summary>
    private void ReviseAround(MeterPartition part, in MeterRead read)
    {
        // Before the first publication no published value can change. This also spares the first sight of every
        // meter (a fresh start, a replay) the search for a previous register through the whole window.
        if (!publication.PublishedOnce)
        {
            return;
        }

        var o = read.Ordinal;
        var dir = read.Direction;
        var g = RegisterWindow.BoundaryOf(read.UtcTicks);
        var previous = window.FindPresent(part, o, dir, g - 1, -1);
        var next = window.FindPresent(part, o, dir, g + 1, +1);
        var from = previous == long.MinValue ? g - 1 : previous;
        var to = next == long.MinValue ? g + 1 : next;
        var anyPublished = false;
        for (var s = from; s < to && !anyPublished; s++)
        {
            anyPublished = publication.IsPublished(s);
        }

        if (!anyPublished)
        {
            return;
        }

        // The read is already stored: take it out to see the old values, then put it back.
        var old = new MeterValue[(int)(to - from)];
        window.Store(part, read, RegisterWindow.Absent);
        for (var s = from; s < to; s++)
        {
            old[s - from] = publication.IsPublished(s) ? window.ValueOf(part, o, dir, s) : default;
        }

        window.Store(part, read, read.RegisterUnits);
        var at = clock.GetUtcNow();
        for (var s = from; s < to; s++)
        {
            if (!publication.IsPublished(s))
            {
                continue;
            }

            var before = old[s - from];
            var after = window.ValueOf(part, o, dir, s);
            if (before != after)
            {
                revisions.Record(o, dir, s, EnergyOf(o, before), PointTotal.ToQuality(before.Quality), EnergyOf(o, after), PointTotal.ToQuality(after.Quality), at, publication.VersionToRevise(s));
            }
        }
    }

    private Kwh? EnergyOf(int o, MeterValue value) =>
        value.Quality is SlotQuality.Actual or SlotQuality.Estimated ? Kwh.FromUnits(value.Units * window.Registry.MultiplierOf(o)) : null;

    private readonly record struct PartitionOutcome(int Accepted, int Duplicates, List<RejectedRead>? Rejected);

    private interface IAdmissionStep
    {
        AdmissionResult Admit(ReadAdmission admission, MeterPartition part, in MeterRead read, long futureLimit, out string? reason);
    }

    /// <summary>Judges a read without storing it.</summary>
    private readonly struct Check : IAdmissionStep
    {
        public AdmissionResult Admit(ReadAdmission admission, MeterPartition part, in MeterRead read, long futureLimit, out string? reason) =>
            admission.Check(part, read, futureLimit, out reason);
    }

    /// <summary>Judges a read and stores it in the window when accepted.</summary>
    private readonly struct Store : IAdmissionStep
    {
        public AdmissionResult Admit(ReadAdmission admission, MeterPartition part, in MeterRead read, long futureLimit, out string? reason) =>
            admission.Apply(part, read, futureLimit, out reason);
    }
}
