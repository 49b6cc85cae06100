using Renkei.Domain.Time;

namespace Renkei.Metering.Engine.Publication;

/// <summary>
/// Which slots are published and how each got there: a ring of published slot boundaries (read without a lock
/// on the hot path), the processing timeline of each slot (arrivals of its reads, compute, publication, quality
/// mix) for the dashboard and the change feed, and the versions of slots being closed.
/// </summary>
internal sealed class SlotPublication
{
    private readonly int boundaries;
    private readonly TimeSpan cutoff;
    private readonly VersionSequence versions;
    private readonly Func<long, int> expectedReadsAt;
    private readonly long[] publishedSlot;
    private readonly Dictionary<long, SlotTimeline> timelines = [];
    private readonly Dictionary<long, SlotArrival> arrivals = [];
    private readonly List<long> closing = [];

    // Slots marked published whose close has not completed yet, with the version they are being published under.
    private readonly Dictionary<long, long> marked = [];
    private readonly Lock gate = new();

    // Whether any slot has been published. Set before the slot's publication mark, so a read that does not see
    // it is computed into the slot by its publication.
    private volatile bool publishedOnce;

    public SlotPublication(int boundaries, TimeSpan cutoff, VersionSequence versions, Func<long, int> expectedReadsAt)
    {
        this.boundaries = boundaries;
        this.cutoff = cutoff;
        this.versions = versions;
        this.expectedReadsAt = expectedReadsAt;
        publishedSlot = new long[boundaries];
        Array.Fill(publishedSlot, long.MinValue);
    }

    public bool PublishedOnce => publishedOnce;

    /// <summary>Whether the slot starting at boundary <paramref name="g"/> is published (or being closed).</summary>
    public bool IsPublished(long g) => Volatile.Read(ref publishedSlot[Row(g)]) == g;

    /// <summary>Takes the version a slot close publishes under; the change feed does not pass it until <see cref="EndClose"/>.</summary>
    public long BeginClose()
    {
        lock (gate)
        {
            var v = versions.Next();
            closing.Add(v);
            return v;
        }
    }

    /// <summary>
    /// Marks the slot published under <paramref name="version"/>: from now on reads of it are computed into it and
    /// revise it. Readers see it only once <see cref="Complete"/> has made it visible.
    /// </summary>
    public void MarkPublished(long g, long version)
    {
        lock (gate)
        {
            marked[g] = version;
        }

        publishedOnce = true;
        Volatile.Write(ref publishedSlot[Row(g)], g);
    }

    /// <summary>The slot's timeline once its values are computed, to be journaled and then made visible by <see cref="Complete"/>.</summary>
    public SlotTimeline TimelineOf(Slot slot, long g, long version, DateTimeOffset computeStart, DateTimeOffset computeEnd, QualityMix quality)
    {
        lock (gate)
        {
            return TimelineOf(slot, ArrivalOf(g + 1)) with
            {
                ComputeStart = computeStart,
                ComputeEnd = computeEnd,
                PublishedAt = computeEnd,
                Version = version,
                Quality = quality,
            };
        }
    }

    /// <summary>Makes the slot visible to readers with its timeline (after the journal has made it durable).</summary>
    public void Complete(long g, SlotTimeline timeline)
    {
        lock (gate)
        {
            timelines[g] = timeline;
            marked.Remove(g);
            closing.Remove(timeline.Version!.Value);
            Prune(g);
        }
    }

    /// <summary>
    /// Brings back a publication from the journal after a restart: its timeline and version as retailers saw
    /// them, and, with <paramref name="mark"/> (the slot is still in the window), the mark that makes later reads
    /// revise it.
    /// </summary>
    public void Restore(long g, SlotTimeline timeline, bool mark)
    {
        lock (gate)
        {
            timelines[g] = timeline;
            Prune(g);
        }

        if (mark)
        {
            publishedOnce = true;
            Volatile.Write(ref publishedSlot[Row(g)], g);
        }
    }

    /// <summary>Releases the version of a close, whatever happened to it.</summary>
    public void EndClose(long g, long version)
    {
        lock (gate)
        {
            closing.Remove(version);
            if (marked.TryGetValue(g, out var v) && v == version)
            {
                // The close failed before the slot became visible: a retry publishes it under a new version.
                marked.Remove(g);
            }
        }
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
            lock (gate)
            {
                var stable = versions.Current;
                foreach (var v in closing)
                {
                    stable = Math.Min(stable, v - 1);
                }

                return stable;
            }
        }
    }

    /// <summary>The version the slot was published under; null while it is not published (or not yet visible).</summary>
    public long? PublishedVersion(long g)
    {
        if (!IsPublished(g))
        {
            return null;
        }

        lock (gate)
        {
            return timelines.TryGetValue(g, out var t) ? t.Version : null;
        }
    }

    /// <summary>Whether the slot is published and visible to readers (its publication durable).</summary>
    public bool IsVisible(long g) => PublishedVersion(g) is not null;

    /// <summary>The version a revision of the slot follows: its publication's, also while it is being closed; 0 if unknown.</summary>
    public long VersionToRevise(long g)
    {
        lock (gate)
        {
            return timelines.TryGetValue(g, out var t) && t.Version is { } v ? v : marked.GetValueOrDefault(g);
        }
    }

    /// <summary>The timeline of a published slot still remembered, or null.</summary>
    public SlotTimeline? PublishedTimeline(long g)
    {
        lock (gate)
        {
            return timelines.TryGetValue(g, out var t) ? t : null;
        }
    }

    /// <summary>Published slots with a version above <paramref name="sinceVersion"/>, oldest first.</summary>
    public IReadOnlyList<SlotTimeline> PublishedSince(long sinceVersion)
    {
        var result = new List<SlotTimeline>();
        lock (gate)
        {
            foreach (var t in timelines.Values)
            {
                if (t.Version > sinceVersion)
                {
                    result.Add(t);
                }
            }
        }

        result.Sort(static (a, b) => Nullable.Compare(a.Version, b.Version));
        return result;
    }

    /// <summary>The processing timeline of a slot (so far, if it is not published yet).</summary>
    public SlotTimeline TimelineOf(Slot slot, long g)
    {
        lock (gate)
        {
            return timelines.TryGetValue(g, out var published) ? published : TimelineOf(slot, ArrivalOf(g + 1));
        }
    }

    /// <summary>Counts reads (import, by boundary) that arrived now.</summary>
    public void RecordArrivals(Dictionary<long, int> arrived, DateTimeOffset now)
    {
        lock (gate)
        {
            foreach (var (g, n) in arrived)
            {
                ArrivalOf(g).Add(n, now);
            }
        }
    }

    private SlotArrival ArrivalOf(long g)
    {
        if (!arrivals.TryGetValue(g, out var a))
        {
            a = new SlotArrival { Expected = expectedReadsAt(g) };
            arrivals[g] = a;
        }

        return a;
    }

    private SlotTimeline TimelineOf(Slot slot, SlotArrival a) =>
        new(slot, slot.End, slot.End + cutoff, a.Expected, a.Count, a.At50, a.At90, a.At99, a.At100, null, null, null, null, null);

    /// <summary>Forgets timelines and arrivals two windows older than <paramref name="g"/>.</summary>
    private void Prune(long g)
    {
        var keepFrom = g - (boundaries * 2);
        List<long>? old = null;
        foreach (var key in timelines.Keys)
        {
            if (key < keepFrom)
            {
                (old ??= []).Add(key);
            }
        }

        foreach (var key in arrivals.Keys)
        {
            if (key < keepFrom)
            {
                (old ??= []).Add(key);
            }
        }

        if (old is null)
        {
            return;
        }

        foreach (var key in old)
        {
            timelines.Remove(key);
            arrivals.Remove(key);
        }
    }

    private int Row(long g) => (int)(((g % boundaries) + boundaries) % boundaries);
}
