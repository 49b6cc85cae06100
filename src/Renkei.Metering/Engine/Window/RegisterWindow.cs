using System.Runtime.CompilerServices;
using Renkei.Domain.Time;
using Renkei.Metering.Engine.Vee;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Engine.Window;

/// <summary>
/// The register window: for each meter, its register at each 30-minute boundary of the window, in dense
/// arrays indexed by meter ordinal, in a ring of boundaries (<see cref="IntervalEngineOptions.WindowDays"/> ×
/// 48 + 1). Meters are split into contiguous partitions, one per core by default, each with its own lock (the
/// callers take it; this class does not lock a partition itself, except to take in registry changes).
/// <para>
/// It finds the registers VEE needs (<see cref="ValueOf"/>) and keeps each meter's installation facts by
/// ordinal: installation and removal as boundary numbers (an int holds every boundary to the year 9999;
/// <see cref="int.MaxValue"/>: not removed). An installation or removal inside a slot (a replacement at any
/// minute) is kept as that slot's start or end boundary, where the window puts the registry's initial or final
/// register: the slot's value is then the meter's part of a replacement split
/// (<see cref="VeeRule.ReplacementSplit"/>) by the same arithmetic as any other slot, so ordinary slots take no
/// extra step. The other facts (registers at installation and removal, multiplier, digits, physical maximum)
/// are read from the registry's columns when needed: a copy would cost 29 bytes per meter.
/// </para>
/// </summary>
internal sealed class RegisterWindow
{
    /// <summary>Marks a boundary without a read.</summary>
    public const long Absent = RegisterLane.Absent;

    private static readonly long[] RolloverUnitsByDigits = RolloverTable();

    private readonly MeterRegistry registry;
    private readonly int boundaries;
    private readonly int partitionSize;
    private readonly MeterPartition[] partitions;
    private int meters;
    private int[] installedAt;
    private int[] removedAt;
    private int[] exportIndex;
    private long newestBoundary = long.MinValue;

    public RegisterWindow(MeterRegistry registry, int windowDays, int? partitionCount)
    {
        this.registry = registry;
        meters = registry.Count;
        boundaries = (windowDays * Slot.PerDay) + 1;
        installedAt = new int[meters];
        removedAt = new int[meters];
        exportIndex = new int[meters];

        var count = Math.Clamp(partitionCount ?? Environment.ProcessorCount, 1, Math.Max(1, meters));
        partitionSize = Math.Max(1, (meters + count - 1) / count);
        partitions = new MeterPartition[count];

        // Partitions are built one per core: building is mostly the first touch of fresh memory (the ring).
        var size = partitionSize;
        var all = meters;
        Parallel.For(0, count, p =>
        {
            var from = Math.Min(all, p * size);
            var n = Math.Min(all, from + size) - from;

            // The registry's columns in one copy per partition (a lock and a record per meter cost seconds at 30M).
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
    }

    /// <summary>Boundaries in the ring.</summary>
    public int Boundaries => boundaries;

    /// <summary>Number of meters the window holds registers for.</summary>
    public int Meters => Volatile.Read(ref meters);

    public MeterRegistry Registry => registry;

    public MeterPartition[] Partitions => partitions;

    /// <summary>The newest boundary any read has reached (<see cref="long.MinValue"/> before the first).</summary>
    public long Newest => Volatile.Read(ref newestBoundary);

    public int InstalledAt(int o) => installedAt[o];

    public int RemovedAt(int o) => removedAt[o];

    public bool MeasuresExport(int o) => exportIndex[o] >= 0;

    /// <summary>Where meter <paramref name="o"/>'s register rolls over (from its digits: no array per meter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Rollover(int o) => RolloverUnitsByDigits[registry.DigitsOf(o)];

    /// <summary>
    /// The limits of meter <paramref name="o"/>'s register advance up to boundary <paramref name="end"/>. An advance
    /// onto the meter's final register (its removal) may not roll over: a final register below the last read is
    /// invalid (<see cref="VeeRule.InvalidFinalBelowLastRead"/>), not taken for a wrap at 10^digits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MeterLimits LimitsOf(int o, long end) => new(end == removedAt[o] ? 0 : Rollover(o), registry.MaxPerSlotUnitsOf(o));

    public long InitialRegister(int o) => registry.FactsOf(o).InitialUnits;

    public long FinalRegister(int o) => registry.FactsOf(o).FinalUnits ?? Absent;

    /// <summary>
    /// The registry's register of meter <paramref name="o"/> at boundary <paramref name="g"/>, its installation or
    /// removal boundary: the initial or final register (import), the initial or final export register if read
    /// (export), else <see cref="Absent"/>.
    /// </summary>
    public long EdgeRegister(int o, Direction dir, long g) =>
        dir == Direction.Import
            ? (g == installedAt[o] ? InitialRegister(o) : FinalRegister(o))
            : registry.ExportEdgeUnitsOf(o, atInstallation: g == installedAt[o]);

    public static long BoundaryOf(long utcTicks) => utcTicks / Slot.TicksPerSlot;

    public static Slot SlotOf(long g) => Slot.Containing(new DateTimeOffset(g * Slot.TicksPerSlot, TimeSpan.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Row(long g) => (int)(((g % boundaries) + boundaries) % boundaries);

    public int PartitionOf(int ordinal) => Math.Min((uint)ordinal < (uint)Meters ? ordinal / partitionSize : 0, partitions.Length - 1);

    /// <summary>Whether the slot starting at boundary <paramref name="g"/> has left the window.</summary>
    public bool IsBeyondWindow(long g)
    {
        var newest = Newest;
        return newest != long.MinValue && g <= newest - boundaries;
    }

    public void AdvanceNewest(long g)
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

    /// <summary>Identifies the meters of a partition (their IDs in ordinal order), so a snapshot is loaded only into the registry it was taken from.</summary>
    public ulong Fingerprint(MeterPartition part)
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

    /// <summary>Meters installed over the whole slot that ends at boundary <paramref name="g"/> (the reads expected at it).</summary>
    public int ExpectedReadsAt(long g)
    {
        var expected = 0;
        var count = Meters;
        for (var o = 0; o < count; o++)
        {
            if (installedAt[o] < g && g < removedAt[o])
            {
                expected++;
            }
        }

        return expected;
    }

    /// <summary>
    /// VEE for one meter, one direction, one slot (starting at boundary <paramref name="g"/>): the registers at
    /// its boundaries, or the nearest ones around a gap, handed to <see cref="SlotVee"/>. Units are register
    /// units (0.0001 kWh) before the multiplier. The caller holds the partition's lock.
    /// </summary>
    public MeterValue ValueOf(MeterPartition part, int o, Direction dir, long g)
    {
        if (!SlotVee.IsInstalled(g, installedAt[o], removedAt[o]) || (dir == Direction.Export && exportIndex[o] < 0))
        {
            return MeterValue.NotInstalled;
        }

        var start = Load(part, o, dir, g);
        var end = Load(part, o, dir, g + 1);
        if (start != Absent && end != Absent)
        {
            return SlotVee.Actual(start, end, LimitsOf(o, g + 1));
        }

        var p = start != Absent ? g : FindPresent(part, o, dir, g - 1, -1);
        var q = end != Absent ? g + 1 : FindPresent(part, o, dir, g + 2, +1);
        if (p == long.MinValue || q == long.MinValue)
        {
            return MeterValue.Missing;
        }

        return SlotVee.Estimate(Load(part, o, dir, p), Load(part, o, dir, q), p, q, g, LimitsOf(o, q));
    }

    /// <summary>
    /// Which rule <see cref="ValueOf"/> applied for this meter, direction and slot, from the same registers (for
    /// the lineage of a published value; reads the registry under its lock, so it is for requests, not for closes).
    /// The caller holds the partition's lock.
    /// </summary>
    public VeeRule RuleOf(MeterPartition part, int o, Direction dir, long g)
    {
        var value = ValueOf(part, o, dir, g);
        switch (value.Quality)
        {
            case SlotQuality.NotInstalled:
                return VeeRule.NotInstalled;
            case SlotQuality.Missing:
                return VeeRule.Missing;
            case SlotQuality.Estimated:
                return VeeRule.Estimation;
            default:
                break;
        }

        var start = Load(part, o, dir, g);
        var end = Load(part, o, dir, g + 1);
        var p = start != Absent ? g : FindPresent(part, o, dir, g - 1, -1);
        var q = end != Absent ? g + 1 : FindPresent(part, o, dir, g + 2, +1);
        if (value.Quality == SlotQuality.Invalid)
        {
            return q == removedAt[o] && Load(part, o, dir, q) < Load(part, o, dir, p) ? VeeRule.InvalidFinalBelowLastRead : VeeRule.InvalidAdvance;
        }

        var facts = registry.FactsOf(o);
        var split = (g == installedAt[o] && facts.InstalledTicks % Slot.TicksPerSlot != 0)
            || (g + 1 == removedAt[o] && facts.RemovedTicks is { } removed && removed % Slot.TicksPerSlot != 0);
        return split ? VeeRule.ReplacementSplit : end < start ? VeeRule.Rollover : VeeRule.ActualDelta;
    }

    /// <summary>The nearest boundary from <paramref name="from"/> in direction <paramref name="step"/> that has a register, within the window and the meter's installation.</summary>
    public long FindPresent(MeterPartition part, int o, Direction dir, long from, int step)
    {
        var newest = Newest;
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

    /// <summary>The register of a meter at boundary <paramref name="g"/>: the registry's at installation and removal, the ring's, the carried one, or <see cref="Absent"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Load(MeterPartition part, int o, Direction dir, long g)
    {
        // The rare case of the meter's installation or removal boundary: the registry's register stands there (an
        // export one only when it was read; else the ring's, as for any boundary).
        if ((g == installedAt[o] || g == removedAt[o]) && (EdgeRegister(o, dir, g) is var edge && (edge != Absent || dir == Direction.Import)))
        {
            return edge;
        }

        var r = Row(g);
        if (part.RowBoundary[r] == g)
        {
            return LoadRow(part, o, dir, r);
        }

        return CarryBoundary(part, o, dir) == g
            ? (dir == Direction.Import ? part.ImportCarry[o - part.From] : part.ExportCarry[exportIndex[o]])
            : Absent;
    }

    /// <summary>The register held in ring row <paramref name="row"/>.</summary>
    public long LoadRow(MeterPartition part, int o, Direction dir, int row) =>
        dir == Direction.Import
            ? part.Import[row, o - part.From]
            : part.Export[row, exportIndex[o]];

    /// <summary>Whether ring row <paramref name="row"/> holds a register of the meter (no sum along its chain).</summary>
    public bool IsPresentInRow(MeterPartition part, int o, Direction dir, int row) =>
        dir == Direction.Import
            ? part.Import.IsPresent(row, o - part.From)
            : part.Export.IsPresent(row, exportIndex[o]);

    /// <summary>Puts <paramref name="value"/> (or <see cref="Absent"/>) at the read's instant.</summary>
    public void Store(MeterPartition part, in MeterRead read, long value)
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

    /// <summary>
    /// Moves ring row <paramref name="r"/> on to boundary <paramref name="g"/>. Every row whose boundary leaves the
    /// window is retired now, oldest first (carried, then emptied), not only this one: the register lanes chain
    /// each meter's registers in time order from the oldest row, so no row may keep a boundary older than the
    /// window (a partition that got no reads for a while would otherwise hold them until its rows are reused).
    /// </summary>
    public void MoveRow(MeterPartition part, int r, long g)
    {
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

    private long CarryBoundary(MeterPartition part, int o, Direction dir) =>
        dir == Direction.Import
            ? part.ImportCarryBoundary[o - part.From]
            : exportIndex[o] >= 0 ? part.ExportCarryBoundary[exportIndex[o]] : long.MinValue;

    /// <summary>Takes in a meter's facts; <paramref name="removedTicks"/> is <see cref="long.MaxValue"/> while it is installed.</summary>
    private void SetMeter(int o, long installedTicks, long removedTicks, bool measuresExport, ref int exports)
    {
        // An installation inside a slot counts from that slot's start (floor), a removal to its end (ceiling).
        installedAt[o] = checked((int)BoundaryOf(installedTicks));
        removedAt[o] = RemovedBoundary(removedTicks);
        exportIndex[o] = measuresExport ? exports++ : -1;
    }

    /// <summary>The boundary that ends the meter's last slot: its removal, or the end of the slot it lies in.</summary>
    private static int RemovedBoundary(long removedTicks) =>
        removedTicks == long.MaxValue ? int.MaxValue : checked((int)BoundaryOf(removedTicks + Slot.TicksPerSlot - 1));

    private static long[] RolloverTable()
    {
        var table = new long[13];
        for (var d = 1; d < table.Length; d++)
        {
            table[d] = MeterInstallation.RolloverUnits(d);
        }

        return table;
    }
}
