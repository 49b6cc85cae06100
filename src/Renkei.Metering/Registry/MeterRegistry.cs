using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;

namespace Renkei.Metering.Registry;

/// <summary>
/// The meters the engine knows, each with a dense ordinal (0, 1, 2, ...) by which all per-meter state is
/// indexed. Lookups by meter ID and supply point ID happen once per read or per query, never per slot.
/// <para>
/// Kept as columns (one array per fact, indexed by ordinal) with the meter and supply point IDs as UTF-8 in
/// <see cref="Utf8KeyIndex"/>es: no object and no string per meter. At 30 million meters an object per meter
/// (a <see cref="MeterInstallation"/> with its two ID strings) cost about 6 GB; the columns take under 2.
/// <see cref="this[int]"/> builds a <see cref="MeterInstallation"/> when one is asked for.
/// </para>
/// </summary>
public sealed class MeterRegistry : IMeterOrdinals
{
    private const long NotRemoved = long.MinValue;
    private const long NoRegister = long.MinValue;
    private const byte ExportFlag = 0x80;

    // Read on every ingested read from several threads at once, without locks; a meter's number there is its
    // ordinal (both are given in the order meters are added).
    private Utf8KeyIndex ordinalByMeterId = new();

    // Supply points get numbers of their own; a point's meters are a chain: its first ordinal in firstOfPoint,
    // each next one in nextOfSamePoint (−1 ends it). Most points have one meter, so no list per point.
    private Utf8KeyIndex supplyPoints = new();
    private readonly Lock gate = new();
    private int count;
    private int[] firstOfPoint = new int[16];
    private int[] lastOfPoint = new int[16];

    // The columns, by ordinal.
    private int[] pointOf = new int[16];
    private int[] nextOfSamePoint = new int[16];
    private long[] installedTicks = new long[16];
    private long[] initialUnits = new long[16];
    private long[] maxPerSlotUnits = new long[16];
    private long[] removedTicks = new long[16];
    private long[] finalUnits = new long[16];
    private int[] multiplier = new int[16];
    private byte[] digits = new byte[16];
    private byte[] flags = new byte[16];

    // Export registers at installation and removal, by ordinal: only meters replaced with their export register
    // read have them, so a table of the few instead of two columns for every meter.
    private Dictionary<int, long> initialExportUnits = [];
    private Dictionary<int, long> finalExportUnits = [];

    public int Count => Volatile.Read(ref count);

    /// <summary>Adds a meter and returns its ordinal.</summary>
    /// <exception cref="InvalidOperationException">The meter ID is already registered.</exception>
    public int Add(MeterInstallation meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        if (meter.RegisterDigits is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(meter), meter.RegisterDigits, "register digits must be 1 to 12");
        }

        lock (gate)
        {
            if (ordinalByMeterId.TryGet(meter.MeterId.AsSpan(), out _))
            {
                throw new InvalidOperationException($"meter {meter.MeterId} is already registered");
            }

            var ordinal = count;
            EnsureMeterCapacity(ordinal + 1);
            var point = supplyPoints.Add(meter.SupplyPointId.Value);
            if (point >= 0)
            {
                EnsurePointCapacity(point + 1);
                firstOfPoint[point] = ordinal;
                lastOfPoint[point] = ordinal;
            }
            else
            {
                supplyPoints.TryGet(meter.SupplyPointId.Value.AsSpan(), out point);

                // Append to the end of the point's chain.
                nextOfSamePoint[lastOfPoint[point]] = ordinal;
                lastOfPoint[point] = ordinal;
            }

            pointOf[ordinal] = point;
            nextOfSamePoint[ordinal] = -1;
            installedTicks[ordinal] = meter.InstalledAt.UtcTicks;
            initialUnits[ordinal] = meter.InitialRegister.Units;
            maxPerSlotUnits[ordinal] = meter.MaxPerSlot.Units;
            removedTicks[ordinal] = meter.RemovedAt?.UtcTicks ?? NotRemoved;
            finalUnits[ordinal] = meter.FinalRegister?.Units ?? NoRegister;
            multiplier[ordinal] = meter.Multiplier.Value;
            digits[ordinal] = (byte)meter.RegisterDigits;
            flags[ordinal] = (byte)((byte)meter.VoltageClass | (meter.MeasuresExport ? ExportFlag : 0));
            if (meter.InitialExportRegister is { } initialExport)
            {
                initialExportUnits[ordinal] = initialExport.Units;
            }

            if (meter.FinalExportRegister is { } finalExport)
            {
                finalExportUnits[ordinal] = finalExport.Units;
            }

            // The meter becomes findable by its ID last, when every column holds it.
            ordinalByMeterId.Add(meter.MeterId);
            Volatile.Write(ref count, ordinal + 1);
            return ordinal;
        }
    }

    /// <summary>Records a meter's removal (its final register, and its final export register if read, and instant).</summary>
    public void SetRemoval(int ordinal, DateTimeOffset removedAt, Kwh finalRegister, Kwh? finalExportRegister = null)
    {
        lock (gate)
        {
            CheckOrdinal(ordinal);
            removedTicks[ordinal] = removedAt.UtcTicks;
            finalUnits[ordinal] = finalRegister.Units;
            if (finalExportRegister is { } finalExport)
            {
                finalExportUnits[ordinal] = finalExport.Units;
            }
        }
    }

    /// <summary>The meter with <paramref name="ordinal"/>, built from the columns (allocates: not for hot paths).</summary>
    public MeterInstallation this[int ordinal]
    {
        get
        {
            lock (gate)
            {
                CheckOrdinal(ordinal);
                var removed = removedTicks[ordinal];
                return new MeterInstallation(
                    SupplyPointId.Parse(supplyPoints.KeyOf(pointOf[ordinal])),
                    ordinalByMeterId.KeyOf(ordinal),
                    Multiplier.FromInt32(multiplier[ordinal]),
                    digits[ordinal],
                    new DateTimeOffset(installedTicks[ordinal], TimeSpan.Zero),
                    Kwh.FromUnits(initialUnits[ordinal]),
                    Kwh.FromUnits(maxPerSlotUnits[ordinal]),
                    (flags[ordinal] & ExportFlag) != 0,
                    removed == NotRemoved ? null : new DateTimeOffset(removed, TimeSpan.Zero),
                    finalUnits[ordinal] == NoRegister ? null : Kwh.FromUnits(finalUnits[ordinal]),
                    (VoltageClass)(flags[ordinal] & ~ExportFlag),
                    initialExportUnits.TryGetValue(ordinal, out var initialExport) ? Kwh.FromUnits(initialExport) : null,
                    finalExportUnits.TryGetValue(ordinal, out var finalExport) ? Kwh.FromUnits(finalExport) : null);
            }
        }
    }

    /// <summary>The meter ID of <paramref name="ordinal"/> (allocates a string).</summary>
    public string MeterIdOf(int ordinal) => ordinalByMeterId.KeyOf(ordinal);

    /// <summary>The meter ID of <paramref name="ordinal"/> as UTF-8 bytes (no allocation).</summary>
    public ReadOnlySpan<byte> MeterIdUtf8Of(int ordinal) => ordinalByMeterId.Utf8Of(ordinal);

    /// <summary>The numbers the engine keeps of a meter, without building a <see cref="MeterInstallation"/>.</summary>
    // Lock-free reads of facts that never change for an ordinal, for the engine's hot paths: a column replaced
    // by a larger copy (growth, TrimExcess) holds the same values, so either array gives the right answer.
    internal long MaxPerSlotUnitsOf(int ordinal) => maxPerSlotUnits[ordinal];

    internal int MultiplierOf(int ordinal) => multiplier[ordinal];

    internal int DigitsOf(int ordinal) => digits[ordinal];

    /// <summary>
    /// What the engine copies of meters <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/>,
    /// under one lock: installation and removal instants (UTC ticks; <see cref="long.MaxValue"/> when not removed)
    /// and whether each measures export. For building an engine over millions of meters without a lock per meter.
    /// </summary>
    internal void CopyFacts(int from, int count, Span<long> installed, Span<long> removed, Span<bool> measuresExport)
    {
        lock (gate)
        {
            if (from < 0 || count < 0 || from + count > this.count)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "no such range of ordinals");
            }

            installedTicks.AsSpan(from, count).CopyTo(installed);
            for (var i = 0; i < count; i++)
            {
                var r = removedTicks[from + i];
                removed[i] = r == NotRemoved ? long.MaxValue : r;
                measuresExport[i] = (flags[from + i] & ExportFlag) != 0;
            }
        }
    }

    internal MeterFacts FactsOf(int ordinal)
    {
        lock (gate)
        {
            CheckOrdinal(ordinal);
            return new MeterFacts(
                installedTicks[ordinal],
                removedTicks[ordinal] == NotRemoved ? null : removedTicks[ordinal],
                initialUnits[ordinal],
                finalUnits[ordinal] == NoRegister ? null : finalUnits[ordinal],
                maxPerSlotUnits[ordinal],
                multiplier[ordinal],
                digits[ordinal],
                (flags[ordinal] & ExportFlag) != 0);
        }
    }

    /// <summary>
    /// The meter's export register at its installation (<paramref name="atInstallation"/>) or removal, in 0.0001
    /// kWh, or <see cref="long.MinValue"/> when the registry has none. For the rare reads at a meter's first or last
    /// boundary, not per read.
    /// </summary>
    internal long ExportEdgeUnitsOf(int ordinal, bool atInstallation)
    {
        lock (gate)
        {
            return (atInstallation ? initialExportUnits : finalExportUnits).TryGetValue(ordinal, out var units) ? units : NoRegister;
        }
    }

    public bool TryGetOrdinal(string meterId, out int ordinal)
    {
        ArgumentNullException.ThrowIfNull(meterId);
        return ordinalByMeterId.TryGet(meterId.AsSpan(), out ordinal);
    }

    /// <summary>Looks a meter up by a span of the input buffer, without allocating a string (CSV ingest).</summary>
    public bool TryGetOrdinal(ReadOnlySpan<char> meterId, out int ordinal) =>
        ordinalByMeterId.TryGet(meterId, out ordinal);

    /// <summary>Looks a meter up by its UTF-8 bytes as a binary batch carries them (ingest hot path: no decoding, no allocation).</summary>
    public bool TryGetOrdinal(ReadOnlySpan<byte> meterIdUtf8, out int ordinal) =>
        ordinalByMeterId.TryGet(meterIdUtf8, out ordinal);

    /// <summary>Announces a lookup of <paramref name="meterIdUtf8"/> (the index starts loading its slot); returns the hash for <see cref="TryGetOrdinal(ReadOnlySpan{byte}, int, out int)"/>.</summary>
    public int PrefetchOrdinal(ReadOnlySpan<byte> meterIdUtf8) => ordinalByMeterId.Prefetch(meterIdUtf8);

    /// <summary>Looks up a meter announced with <see cref="PrefetchOrdinal"/>.</summary>
    public bool TryGetOrdinal(ReadOnlySpan<byte> meterIdUtf8, int hash, out int ordinal) =>
        ordinalByMeterId.TryGet(meterIdUtf8, hash, out ordinal);

    /// <summary>
    /// Copies a supply point's meter ordinals into <paramref name="destination"/> without allocating (bulk output
    /// reads one point after another). Returns the number of meters: 0 for an unknown point; more than the
    /// destination's length means it was too short and only that many were copied. <paramref name="voltage"/> is
    /// the first meter's voltage class.
    /// </summary>
    public int CopyMetersOf(SupplyPointId supplyPoint, Span<int> destination, out VoltageClass voltage)
    {
        voltage = VoltageClass.Low;
        lock (gate)
        {
            if (supplyPoint.Value is not { } id || !supplyPoints.TryGet(id.AsSpan(), out var point))
            {
                return 0;
            }

            var first = firstOfPoint[point];
            voltage = (VoltageClass)(flags[first] & ~ExportFlag);
            var n = 0;
            for (var o = first; o >= 0; o = nextOfSamePoint[o])
            {
                if (n < destination.Length)
                {
                    destination[n] = o;
                }

                n++;
            }

            return n;
        }
    }

    public bool TryGetMeters(SupplyPointId supplyPoint, [NotNullWhen(true)] out int[]? ordinals)
    {
        lock (gate)
        {
            if (supplyPoint.Value is { } id && supplyPoints.TryGet(id.AsSpan(), out var point))
            {
                var n = 0;
                for (var o = firstOfPoint[point]; o >= 0; o = nextOfSamePoint[o])
                {
                    n++;
                }

                ordinals = new int[n];
                var i = 0;
                for (var o = firstOfPoint[point]; o >= 0; o = nextOfSamePoint[o])
                {
                    ordinals[i++] = o;
                }

                return true;
            }

            ordinals = null;
            return false;
        }
    }

    private static ReadOnlySpan<byte> SnapshotMagic => "RKG2"u8;

    /// <summary>
    /// Writes the registry as it is (columns and ID indexes, no parsing needed to read it back) to
    /// <paramref name="path"/>, through a temporary file and a rename: a restart of a large node loads this in
    /// seconds where parsing the registry file takes minutes. <paramref name="source"/> identifies what it was
    /// built from (for example a hash of the registry file); <see cref="TryLoad"/> takes it only for the same.
    /// </summary>
    public void Save(string path, string source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        var temporary = path + ".tmp";
        lock (gate)
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            using (var writer = new BinaryWriter(file))
            {
                writer.Write(SnapshotMagic);
                writer.Write(source);
                writer.Write(count);
                writer.Write(supplyPoints.Count);
                WriteColumn(writer, pointOf);
                WriteColumn(writer, nextOfSamePoint);
                WriteColumn(writer, installedTicks);
                WriteColumn(writer, initialUnits);
                WriteColumn(writer, maxPerSlotUnits);
                WriteColumn(writer, removedTicks);
                WriteColumn(writer, finalUnits);
                WriteColumn(writer, multiplier);
                WriteColumn(writer, digits);
                WriteColumn(writer, flags);
                writer.Write(MemoryMarshal.AsBytes(firstOfPoint.AsSpan(0, supplyPoints.Count)));
                writer.Write(MemoryMarshal.AsBytes(lastOfPoint.AsSpan(0, supplyPoints.Count)));
                ordinalByMeterId.WriteTo(writer);
                supplyPoints.WriteTo(writer);
                WriteTable(writer, initialExportUnits);
                WriteTable(writer, finalExportUnits);
                writer.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }

        void WriteColumn<T>(BinaryWriter writer, T[] column)
            where T : unmanaged => writer.Write(MemoryMarshal.AsBytes(column.AsSpan(0, count)));

        static void WriteTable(BinaryWriter writer, Dictionary<int, long> table)
        {
            writer.Write(table.Count);
            foreach (var (ordinal, units) in table)
            {
                writer.Write(ordinal);
                writer.Write(units);
            }
        }
    }

    /// <summary>Loads a registry <see cref="Save"/> wrote from the same <paramref name="source"/>; null if there is none, it is from another source, or it is damaged.</summary>
    public static MeterRegistry? TryLoad(string path, string source)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            using var reader = new BinaryReader(file);
            Span<byte> magic = stackalloc byte[4];
            file.ReadExactly(magic);
            if (!magic.SequenceEqual(SnapshotMagic) || reader.ReadString() != source)
            {
                return null;
            }

            var registry = new MeterRegistry();
            var n = reader.ReadInt32();
            var points = reader.ReadInt32();
            if (n < 0 || points < 0 || points > n)
            {
                return null;
            }

            registry.EnsureMeterCapacity(n);
            registry.EnsurePointCapacity(points);

            // The columns sit at known offsets, so they are read in parallel, each through a stream of its own,
            // while the ID indexes after them are read through this one: at 30 million meters the load is mostly
            // the first touch of 3.6 GB of fresh memory, which goes faster on two cores than on one.
            var at = file.Position;
            var reads = new List<Action>();
            void Column<T>(T[] column, int length)
                where T : unmanaged
            {
                var offset = at;
                reads.Add(() =>
                {
                    using var part = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
                    part.Position = offset;
                    ReadColumn(part, column, length);
                });
                at += (long)Unsafe.SizeOf<T>() * length;
            }

            Column(registry.pointOf, n);
            Column(registry.nextOfSamePoint, n);
            Column(registry.installedTicks, n);
            Column(registry.initialUnits, n);
            Column(registry.maxPerSlotUnits, n);
            Column(registry.removedTicks, n);
            Column(registry.finalUnits, n);
            Column(registry.multiplier, n);
            Column(registry.digits, n);
            Column(registry.flags, n);
            Column(registry.firstOfPoint, points);
            Column(registry.lastOfPoint, points);
            if (at > file.Length)
            {
                return null;
            }

            Utf8KeyIndex? meterIds = null;
            Utf8KeyIndex? pointIds = null;
            file.Position = at;
            reads.Insert(0, () =>
            {
                meterIds = Utf8KeyIndex.ReadFrom(reader);
                pointIds = Utf8KeyIndex.ReadFrom(reader);
            });
            try
            {
                Parallel.Invoke(reads.ToArray());
            }
            catch (AggregateException e) when (e.InnerExceptions.All(x => x is IOException or InvalidDataException or EndOfStreamException))
            {
                return null;
            }

            if (meterIds!.Count != n || pointIds!.Count != points || ReadTable(reader, n) is not { } initialExports || ReadTable(reader, n) is not { } finalExports
                || file.Position != file.Length)
            {
                return null;
            }

            registry.initialExportUnits = initialExports;
            registry.finalExportUnits = finalExports;
            registry.ordinalByMeterId = meterIds;
            registry.supplyPoints = pointIds;
            registry.count = n;
            return registry;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException)
        {
            return null;
        }

        static void ReadColumn<T>(Stream stream, T[] column, int length)
            where T : unmanaged => stream.ReadExactly(MemoryMarshal.AsBytes(column.AsSpan(0, length)));

        static Dictionary<int, long>? ReadTable(BinaryReader reader, int meters)
        {
            var entries = reader.ReadInt32();
            if (entries < 0 || entries > meters)
            {
                return null;
            }

            var table = new Dictionary<int, long>(entries);
            for (var i = 0; i < entries; i++)
            {
                var ordinal = reader.ReadInt32();
                if ((uint)ordinal >= (uint)meters || !table.TryAdd(ordinal, reader.ReadInt64()))
                {
                    return null;
                }
            }

            return table;
        }
    }

    /// <summary>
    /// Gives back the room the columns and ID indexes kept for growth (after doubling, up to half): call it once
    /// a bulk load (the registry file) is done; at 30 million meters that is about 1 GB. Later additions grow them again.
    /// </summary>
    public void TrimExcess()
    {
        lock (gate)
        {
            var n = Math.Max(count, 1);
            Array.Resize(ref pointOf, n);
            Array.Resize(ref nextOfSamePoint, n);
            Array.Resize(ref installedTicks, n);
            Array.Resize(ref initialUnits, n);
            Array.Resize(ref maxPerSlotUnits, n);
            Array.Resize(ref removedTicks, n);
            Array.Resize(ref finalUnits, n);
            Array.Resize(ref multiplier, n);
            Array.Resize(ref digits, n);
            Array.Resize(ref flags, n);
            var points = Math.Max(supplyPoints.Count, 1);
            Array.Resize(ref firstOfPoint, points);
            Array.Resize(ref lastOfPoint, points);
            ordinalByMeterId.TrimExcess();
            supplyPoints.TrimExcess();
        }
    }

    private void CheckOrdinal(int ordinal)
    {
        if ((uint)ordinal >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, "no meter with this ordinal");
        }
    }

    private void EnsureMeterCapacity(int needed)
    {
        if (needed <= pointOf.Length)
        {
            return;
        }

        var size = Math.Max(needed, pointOf.Length * 2);
        Array.Resize(ref pointOf, size);
        Array.Resize(ref nextOfSamePoint, size);
        Array.Resize(ref installedTicks, size);
        Array.Resize(ref initialUnits, size);
        Array.Resize(ref maxPerSlotUnits, size);
        Array.Resize(ref removedTicks, size);
        Array.Resize(ref finalUnits, size);
        Array.Resize(ref multiplier, size);
        Array.Resize(ref digits, size);
        Array.Resize(ref flags, size);
    }

    private void EnsurePointCapacity(int needed)
    {
        if (needed <= firstOfPoint.Length)
        {
            return;
        }

        var size = Math.Max(needed, firstOfPoint.Length * 2);
        Array.Resize(ref firstOfPoint, size);
        Array.Resize(ref lastOfPoint, size);
    }
}

/// <summary>A meter's facts as numbers: UTC ticks, 0.0001 kWh units.</summary>
internal readonly record struct MeterFacts(
    long InstalledTicks,
    long? RemovedTicks,
    long InitialUnits,
    long? FinalUnits,
    long MaxPerSlotUnits,
    int Multiplier,
    int RegisterDigits,
    bool MeasuresExport);
