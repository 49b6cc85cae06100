using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine.HandOver;
using Renkei.Metering.Engine.Publication;
using Renkei.Metering.Engine.Revisions;
using Renkei.Metering.Engine.Vee;
using Renkei.Metering.Engine.Window;

namespace Renkei.Metering.Engine.Lineage;

/// <summary>
/// Derives a value's lineage on request, from what the engine holds anyway: the registers of the window (found as
/// <see cref="RegisterWindow.ValueOf"/> finds them, judged by the same <see cref="SlotVee"/> functions), the
/// slot's publication, and the revision log. Nothing is recorded per value or per read for it, so ingest and
/// closing pay nothing. A slot that has left the window answers the history store's value and version only.
/// </summary>
internal sealed class LineageReader(RegisterWindow window, SlotPublication publication, RevisionLog revisions, HistoryHandOver? handOver)
{
    public PointLineage Explain(ReadOnlySpan<int> ordinals, Slot slot, Direction direction)
    {
        var g = RegisterWindow.BoundaryOf(slot.Start.UtcTicks);
        if (window.IsBeyondWindow(g))
        {
            return FromHistory(ordinals, slot, g, direction);
        }

        if (publication.PublishedVersion(g) is not { } slotVersion || publication.PublishedTimeline(g) is not { PublishedAt: { } publishedAt })
        {
            return new PointLineage(slot, direction, new IntervalValue(null, Quality.Missing, false), true, [], []);
        }

        var registry = window.Registry;
        var revised = new List<Revision>();
        foreach (var r in revisions.In(g))
        {
            if (r.Direction == direction && ordinals.Contains(r.Ordinal))
            {
                revised.Add(r);
            }
        }

        var meters = new List<MeterLineage>();
        var total = default(PointTotal);
        var valueVersion = slotVersion;
        foreach (var o in ordinals)
        {
            // Reads of a meter whose value a revision changed had all arrived by its latest revision; else by the publication.
            var arrivedBy = publishedAt;
            foreach (var r in revised)
            {
                if (r.Ordinal == o)
                {
                    arrivedBy = r.At;
                    valueVersion = Math.Max(valueVersion, r.Version);
                }
            }

            var part = window.Partitions[window.PartitionOf(o)];
            MeterLineage? meter;
            lock (part.Gate)
            {
                meter = Derive(part, o, direction, g, arrivedBy);
            }

            if (meter is not null)
            {
                meters.Add(meter);
                total.Add(meter.Value.Quality, meter.Value.Units * registry.MultiplierOf(o));
            }
        }

        return new PointLineage(slot, direction, total.ToValue(valueVersion), true, meters, Versions(meters, revised, slotVersion, publishedAt));
    }

    /// <summary>
    /// One meter's value and how it was found: as <see cref="RegisterWindow.ValueOf"/> finds the registers, with the
    /// rule and check named. Null when the meter is not installed over the slot (or has no export register). The
    /// caller holds the partition's lock.
    /// </summary>
    private MeterLineage? Derive(MeterPartition part, int o, Direction dir, long g, DateTimeOffset arrivedBy)
    {
        var value = window.ValueOf(part, o, dir, g);
        if (value.Quality == SlotQuality.NotInstalled)
        {
            return null;
        }

        var multiplier = window.Registry.MultiplierOf(o);
        var start = window.Load(part, o, dir, g);
        var end = window.Load(part, o, dir, g + 1);
        if (start != RegisterWindow.Absent && end != RegisterWindow.Absent)
        {
            LineageRead[] reads = [Read(o, dir, ReadRole.Start, g, start, arrivedBy), Read(o, dir, ReadRole.End, g + 1, end, arrivedBy)];
            // The window names the rule its own value came from (a replacement inside the slot, a final register
            // below the last read), so the lineage cannot disagree with the value.
            return window.RuleOf(part, o, dir, g) switch
            {
                var rule and (VeeRule.ReplacementSplit or VeeRule.Rollover or VeeRule.ActualDelta) => new MeterLineage(o, multiplier, rule, value, reads, null, FailedCheck.None),
                VeeRule.InvalidFinalBelowLastRead => new MeterLineage(o, multiplier, VeeRule.InvalidFinalBelowLastRead, value, reads, null, FailedCheck.FinalBelowLastRead),
                _ => new MeterLineage(o, multiplier, VeeRule.InvalidAdvance, value, reads, null, CheckOf(start, end)),
            };
        }

        var p = start != RegisterWindow.Absent ? g : window.FindPresent(part, o, dir, g - 1, -1);
        var q = end != RegisterWindow.Absent ? g + 1 : window.FindPresent(part, o, dir, g + 2, +1);
        var found = new List<LineageRead>(2);
        var before = p == long.MinValue ? RegisterWindow.Absent : window.Load(part, o, dir, p);
        var after = q == long.MinValue ? RegisterWindow.Absent : window.Load(part, o, dir, q);
        if (p != long.MinValue)
        {
            found.Add(Read(o, dir, p == g ? ReadRole.Start : ReadRole.Before, p, before, arrivedBy));
        }

        if (q != long.MinValue)
        {
            found.Add(Read(o, dir, q == g + 1 ? ReadRole.End : ReadRole.After, q, after, arrivedBy));
        }

        if (p == long.MinValue || q == long.MinValue)
        {
            return new MeterLineage(o, multiplier, VeeRule.Missing, value, found, null, FailedCheck.None);
        }

        var span = q - p;
        var plausible = SlotVee.TryAdvance(before, after, span, window.LimitsOf(o, q), out var advance);
        var gap = new LineageGap(span, g - p, plausible ? advance : null, after < before);
        return plausible
            ? new MeterLineage(o, multiplier, VeeRule.Estimation, value, found, gap, FailedCheck.None)
            : new MeterLineage(o, multiplier, VeeRule.InvalidAdvance, value, found, gap, CheckOf(before, after));
    }

    /// <summary>Why an advance failed <see cref="SlotVee.TryAdvance"/>: a register that went back (a roll-over would exceed the maximum), or an advance above the maximum.</summary>
    private static FailedCheck CheckOf(long from, long to) => to < from ? FailedCheck.NegativeAdvance : FailedCheck.AboveMaximum;

    /// <summary>A bounding register with its source: the registry's at installation and removal (import only, as <see cref="RegisterWindow.Load"/> takes them), else a read.</summary>
    private LineageRead Read(int o, Direction dir, ReadRole role, long boundary, long units, DateTimeOffset arrivedBy)
    {
        var source = dir != Direction.Import ? ReadSource.Read
            : boundary == window.InstalledAt(o) ? ReadSource.Installation
            : boundary == window.RemovedAt(o) ? ReadSource.Removal
            : ReadSource.Read;
        return new LineageRead(role, boundary, units, source, source == ReadSource.Read ? arrivedBy : null);
    }

    /// <summary>
    /// The point's value at its publication (each revised meter at its first revision's old value) and after each
    /// revision in turn, oldest first.
    /// </summary>
    private List<LineageVersion> Versions(List<MeterLineage> meters, List<Revision> revised, long slotVersion, DateTimeOffset publishedAt)
    {
        var registry = window.Registry;
        var state = new Dictionary<int, (SlotQuality Quality, long Units)>();
        foreach (var m in meters)
        {
            state[m.Ordinal] = (m.Value.Quality, m.Value.Units * registry.MultiplierOf(m.Ordinal));
        }

        var seen = new HashSet<int>();
        foreach (var r in revised)
        {
            // A revised meter's value at publication is its first revision's old value.
            if (seen.Add(r.Ordinal))
            {
                state[r.Ordinal] = (PointTotal.ToSlotQuality(r.OldQuality), r.OldEnergy?.Units ?? 0);
            }
        }

        var versions = new List<LineageVersion>(revised.Count + 1) { new(slotVersion, publishedAt, -1, Sum(state, slotVersion)) };
        foreach (var r in revised)
        {
            state[r.Ordinal] = (PointTotal.ToSlotQuality(r.NewQuality), r.NewEnergy?.Units ?? 0);
            versions.Add(new LineageVersion(r.Version, r.At, r.Ordinal, Sum(state, r.Version)));
        }

        return versions;
    }

    private static IntervalValue Sum(Dictionary<int, (SlotQuality Quality, long Units)> state, long version)
    {
        var total = default(PointTotal);
        foreach (var (quality, units) in state.Values)
        {
            if (quality != SlotQuality.NotInstalled)
            {
                total.Add(quality, units);
            }
        }

        return total.ToValue(version);
    }

    /// <summary>A slot beyond the window: each installed meter's value and version from the history store; no reads, no rule, no earlier versions.</summary>
    private PointLineage FromHistory(ReadOnlySpan<int> ordinals, Slot slot, long g, Direction direction)
    {
        var meters = new List<MeterLineage>();
        var total = default(PointTotal);
        long version = 0;
        var found = false;
        foreach (var o in ordinals)
        {
            if (handOver is null
                || !SlotVee.IsInstalled(g, window.InstalledAt(o), window.RemovedAt(o))
                || !handOver.TryRead(g, o, direction == Direction.Export, out var units, out var quality, out var v))
            {
                continue;
            }

            found = true;
            version = Math.Max(version, v);
            if ((SlotQuality)quality == SlotQuality.NotInstalled)
            {
                continue;
            }

            var multiplier = window.Registry.MultiplierOf(o);
            meters.Add(new MeterLineage(o, multiplier, null, new MeterValue(units, (SlotQuality)quality), [], null, FailedCheck.None));
            total.Add((SlotQuality)quality, (long)units * multiplier);
        }

        var value = !found ? new IntervalValue(null, Quality.Missing, false) : total.ToValue(version);
        return new PointLineage(slot, direction, value, false, meters, []);
    }
}
