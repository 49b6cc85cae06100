using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine.Publication;

namespace Renkei.Metering.Engine.Revisions;

/// <summary>
/// The revisions of published values, bounded by the in-memory window: a slot's revisions are kept while the
/// slot is in the window and dropped when it leaves (<see cref="Forget"/>), so the log does not grow with the
/// engine's uptime. Two views: the revisions in version order (the change feed, cuts as of an instant) and,
/// per slot in a ring by boundary, each revised value's latest version, so a read of a slot that has no
/// revisions costs one array element, not a lookup per meter.
/// </summary>
internal sealed class RevisionLog
{
    private readonly int boundaries;
    private readonly VersionSequence versions;
    private readonly List<Revision> log = [];
    private readonly SlotRevisions?[] bySlot;
    private readonly Lock gate = new();

    public RevisionLog(int boundaries, VersionSequence versions)
    {
        this.boundaries = boundaries;
        this.versions = versions;
        bySlot = new SlotRevisions?[boundaries];
    }

    /// <summary>Revisions held (for the bound's test and the status).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return log.Count;
            }
        }
    }

    /// <summary>
    /// Logs a change of a published value under a new version. <paramref name="publishedVersion"/> is the slot's
    /// publication version: the value's previous version unless it was revised before.
    /// </summary>
    public void Record(int ordinal, Direction direction, long g, Kwh? oldEnergy, Quality oldQuality, Kwh? newEnergy, Quality newQuality, DateTimeOffset at, long publishedVersion)
    {
        var key = SlotRevisions.Key(ordinal, direction);
        lock (gate)
        {
            var row = Row(g);
            var slot = bySlot[row];
            if (slot is null || slot.Boundary != g)
            {
                if (slot is not null && slot.Boundary > g)
                {
                    // The slot has left the window: its values are history now.
                    return;
                }

                slot = new SlotRevisions(g);
                Volatile.Write(ref bySlot[row], slot);
            }

            var v = versions.Next();
            var previous = slot.Latest.TryGetValue(key, out var p) ? p : publishedVersion;
            log.Add(new Revision(v, ordinal, direction, SlotOf(g), oldEnergy, oldQuality, newEnergy, newQuality, at, previous));
            slot.Latest[key] = v;
            slot.Count++;
        }
    }

    /// <summary>The revisions of the slot starting at <paramref name="g"/>, or null when it has none (no lock, no lookup).</summary>
    public SlotRevisions? Of(long g)
    {
        var slot = Volatile.Read(ref bySlot[Row(g)]);
        return slot is not null && slot.Boundary == g ? slot : null;
    }

    /// <summary>The latest revision's version of a value in a slot that has revisions, or 0.</summary>
    public long LatestVersion(SlotRevisions slot, int ordinal, Direction direction)
    {
        lock (gate)
        {
            return slot.Latest.TryGetValue(SlotRevisions.Key(ordinal, direction), out var v) ? v : 0;
        }
    }

    /// <summary>Number of revisions in the slot starting at <paramref name="g"/>.</summary>
    public int CountIn(long g)
    {
        lock (gate)
        {
            return Of(g)?.Count ?? 0;
        }
    }

    /// <summary>Revisions with a version above <paramref name="sinceVersion"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<Revision> Since(long sinceVersion, int limit)
    {
        lock (gate)
        {
            var start = FirstAbove(sinceVersion);
            return log.GetRange(start, Math.Min(limit, log.Count - start));
        }
    }

    /// <summary>The revisions of the slot starting at <paramref name="g"/>, oldest first.</summary>
    public IReadOnlyList<Revision> In(long g)
    {
        var result = new List<Revision>();
        lock (gate)
        {
            if (Of(g) is null)
            {
                return result;
            }

            foreach (var r in log)
            {
                if (BoundaryOf(r.Slot) == g)
                {
                    result.Add(r);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The revisions made after <paramref name="instant"/>, by meter, slot boundary and direction: the earliest
    /// one after the instant, whose old value is what was published then.
    /// </summary>
    public PublishedCut CutAt(DateTimeOffset instant)
    {
        var undo = new Dictionary<(int Ordinal, long Boundary, Direction Direction), Revision>();
        lock (gate)
        {
            // Newest first: the earliest revision after the instant is applied last and wins.
            for (var i = log.Count - 1; i >= 0 && log[i].At > instant; i--)
            {
                var r = log[i];
                undo[(r.Ordinal, BoundaryOf(r.Slot), r.Direction)] = r;
            }
        }

        return new PublishedCut(instant, undo);
    }

    /// <summary>The revisions of the meters <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> − 1, oldest first (a partition's, for its snapshot).</summary>
    public List<Revision> OfMeters(int from, int count)
    {
        lock (gate)
        {
            return log.FindAll(r => r.Ordinal >= from && r.Ordinal < from + count);
        }
    }

    /// <summary>
    /// Takes back revisions from snapshots after a restart, with the versions they were logged under, merged into
    /// the log in version order. Call before any new revision is logged (their versions are all lower).
    /// </summary>
    public void Restore(IEnumerable<Revision> restored)
    {
        lock (gate)
        {
            log.AddRange(restored);
            log.Sort(static (a, b) => a.Version.CompareTo(b.Version));
            foreach (var r in log)
            {
                var g = BoundaryOf(r.Slot);
                var row = Row(g);
                var slot = bySlot[row];
                if (slot is null || slot.Boundary < g)
                {
                    slot = new SlotRevisions(g);
                    Volatile.Write(ref bySlot[row], slot);
                }
                else if (slot.Boundary > g)
                {
                    continue;
                }

                var key = SlotRevisions.Key(r.Ordinal, r.Direction);
                slot.Latest[key] = Math.Max(slot.Latest.GetValueOrDefault(key), r.Version);
                slot.Count++;
            }
        }
    }

    /// <summary>
    /// Drops the revisions of every slot that starts before <paramref name="oldestKept"/> (they have left the window)
    /// and returns them, oldest first (empty when none left).
    /// </summary>
    public List<Revision> Forget(long oldestKept)
    {
        lock (gate)
        {
            var forgotten = log.FindAll(r => BoundaryOf(r.Slot) < oldestKept);
            if (forgotten.Count > 0)
            {
                log.RemoveAll(r => BoundaryOf(r.Slot) < oldestKept);
            }

            for (var i = 0; i < bySlot.Length; i++)
            {
                if (bySlot[i] is { } slot && slot.Boundary < oldestKept)
                {
                    Volatile.Write(ref bySlot[i], null);
                }
            }

            return forgotten;
        }
    }

    private int FirstAbove(long version)
    {
        int lo = 0, hi = log.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (log[mid].Version <= version)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int Row(long g) => (int)(((g % boundaries) + boundaries) % boundaries);

    private static long BoundaryOf(Slot slot) => slot.Start.UtcTicks / Slot.TicksPerSlot;

    private static Slot SlotOf(long g) => Slot.Containing(new DateTimeOffset(g * Slot.TicksPerSlot, TimeSpan.Zero));
}
