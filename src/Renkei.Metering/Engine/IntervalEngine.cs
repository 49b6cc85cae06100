using System.Globalization;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Engine;

/// <summary>
/// The in-memory interval engine: register reads in, 30-minute energy out.
/// <para>
/// State is held in dense arrays indexed by meter ordinal, laid out slot-major (<c>[boundary × meters + ordinal]</c>)
/// so that closing one slot for all meters walks two contiguous rows. Days live in a ring of
/// <see cref="IntervalEngineOptions.WindowDays"/> entries; the oldest day is dropped when a new one arrives.
/// Closing a slot splits the meters into one partition per core. No per-read allocation on the hot path.
/// </para>
/// </summary>
public sealed class IntervalEngine
{
    private const long Absent = long.MinValue;
    private const int Directions = 2;

    private readonly MeterRegistry registry;
    private readonly IReadLog log;
    private readonly TimeProvider clock;
    private readonly int meters;
    private readonly int windowDays;
    private readonly int partitions;
    private readonly Lock gate = new();

    private readonly int[] dayInRing;
    private readonly long[][] registers;
    private readonly long[][] energy;
    private readonly byte[][] quality;
    private readonly DateTimeOffset?[] publishedAt;
    private readonly int[] revisions;

    private readonly long[] rollover;
    private readonly long[] maxPerSlot;
    private readonly int[] multiplier;
    private readonly long[] installedAtTicks;
    private readonly bool[] measuresExport;
    private readonly string[] meterIds;

    private long acceptedTotal;

    public IntervalEngine(MeterRegistry registry, IReadLog log, TimeProvider clock, IntervalEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        if (options.WindowDays < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.WindowDays, "the window must hold at least 2 days");
        }

        this.registry = registry;
        this.log = log;
        this.clock = clock;
        meters = registry.Count;
        windowDays = options.WindowDays;
        partitions = Math.Max(1, options.Partitions ?? Environment.ProcessorCount);

        dayInRing = new int[windowDays];
        Array.Fill(dayInRing, int.MinValue);
        registers = new long[windowDays * Directions][];
        energy = new long[windowDays * Directions][];
        quality = new byte[windowDays * Directions][];
        for (var i = 0; i < registers.Length; i++)
        {
            registers[i] = new long[Slot.PerDay * meters];
            energy[i] = new long[Slot.PerDay * meters];
            quality[i] = new byte[Slot.PerDay * meters];
        }

        publishedAt = new DateTimeOffset?[windowDays * Slot.PerDay];
        revisions = new int[windowDays * Slot.PerDay];

        rollover = new long[meters];
        maxPerSlot = new long[meters];
        multiplier = new int[meters];
        installedAtTicks = new long[meters];
        measuresExport = new bool[meters];
        meterIds = new string[meters];
        for (var o = 0; o < meters; o++)
        {
            var m = registry[o];
            rollover[o] = checked(Pow10(m.RegisterDigits) * Kwh.UnitsPerKwh);
            maxPerSlot[o] = m.MaxPerSlot.Units;
            multiplier[o] = m.Multiplier.Value;
            installedAtTicks[o] = m.InstalledAt.UtcTicks;
            measuresExport[o] = m.MeasuresExport;
            meterIds[o] = m.MeterId;
        }
    }

    /// <summary>The meter ID of an ordinal.</summary>
    public string MeterIdOf(int ordinal) => meterIds[ordinal];

    /// <summary>Number of meters the engine holds state for.</summary>
    public int Meters => meters;

    /// <summary>Total reads accepted since start (including those replayed from the read log).</summary>
    public long AcceptedTotal => Interlocked.Read(ref acceptedTotal);

    /// <summary>
    /// Validates a batch, applies the good reads, appends them to the durable read log and only then returns:
    /// what this returns as accepted is on disk. Exact duplicates are idempotent; a conflicting duplicate,
    /// a read before the meter's installation, a register beyond its digits, an export read on an import-only
    /// meter or a read outside the in-memory window is rejected with its line and reason.
    /// </summary>
    public IngestOutcome Ingest(ReadOnlySpan<MeterRead> reads, List<RejectedRead> rejected, bool writeToLog = true)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var futureLimit = clock.GetUtcNow().UtcTicks + Slot.TicksPerSlot;
        var applied = new List<(int Row, int Index, MeterRead Read)>(reads.Length);
        var acceptedReads = new List<MeterRead>(reads.Length);
        var duplicates = 0;
        lock (gate)
        {
            foreach (ref readonly var read in reads)
            {
                var reason = Validate(read, futureLimit);
                if (reason is not null)
                {
                    rejected.Add(new RejectedRead(read.Line, reason));
                    continue;
                }

                var (dayNumber, k) = Boundary(read.UtcTicks);
                var r = EnsureDay(dayNumber);
                if (r < 0)
                {
                    rejected.Add(new RejectedRead(read.Line, "read is older than the in-memory window"));
                    continue;
                }

                var row = (r * Directions) + (int)read.Direction;
                var index = (k * meters) + read.Ordinal;
                var current = registers[row][index];
                if (current == Absent)
                {
                    registers[row][index] = read.RegisterUnits;
                    applied.Add((row, index, read));
                    acceptedReads.Add(read);
                }
                else if (current == read.RegisterUnits)
                {
                    duplicates++;
                }
                else
                {
                    rejected.Add(new RejectedRead(
                        read.Line,
                        string.Create(CultureInfo.InvariantCulture, $"conflicting duplicate: register already {Kwh.FromUnits(current)} kWh at this instant")));
                }
            }

            if (applied.Count > 0 && writeToLog)
            {
                try
                {
                    log.Append(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(acceptedReads), meterIds);
                }
                catch
                {
                    foreach (var (row, index, _) in applied)
                    {
                        registers[row][index] = Absent;
                    }

                    throw;
                }
            }

            foreach (var (row, index, read) in applied)
            {
                ReviseAround(row / Directions, index / meters, read.Ordinal, read.Direction);
            }
        }

        Interlocked.Add(ref acceptedTotal, applied.Count);
        return new IngestOutcome(applied.Count, duplicates, rejected);
    }

    private string? Validate(in MeterRead read, long futureLimit)
    {
        var o = read.Ordinal;
        if ((uint)o >= (uint)meters)
        {
            return "meter was registered after the engine started";
        }

        if (read.UtcTicks % Slot.TicksPerSlot != 0)
        {
            return "read instant is not on a 30-minute boundary";
        }

        if (read.UtcTicks < installedAtTicks[o])
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"read is before the meter's installation at {Jst.ToJst(new DateTimeOffset(installedAtTicks[o], TimeSpan.Zero)):yyyy-MM-ddTHH:mm:sszzz}");
        }

        if (read.UtcTicks > futureLimit)
        {
            return "read instant is in the future";
        }

        if (read.Direction == Direction.Export && !measuresExport[o])
        {
            return "meter does not measure export";
        }

        if (read.RegisterUnits < 0)
        {
            return "register value is negative";
        }

        if (read.RegisterUnits >= rollover[o])
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"register value exceeds the meter's {registry[o].RegisterDigits} digits");
        }

        return null;
    }

    /// <summary>
    /// Computes and publishes <paramref name="slot"/> for every meter, both directions, one partition per core.
    /// From then on readers get its values. Returns false when the slot is older than the window.
    /// </summary>
    public bool CloseSlot(Slot slot)
    {
        lock (gate)
        {
            var r = EnsureDay(slot.Date.DayNumber);
            if (r < 0)
            {
                return false;
            }

            var k = slot.Number - 1;
            var nextRing = k == Slot.PerDay - 1 ? RingOf(slot.Date.DayNumber + 1) : r;
            var chunk = (meters + partitions - 1) / partitions;
            Parallel.For(0, partitions, p =>
            {
                var from = p * chunk;
                var to = Math.Min(meters, from + chunk);
                for (var dir = 0; dir < Directions; dir++)
                {
                    for (var o = from; o < to; o++)
                    {
                        Compute(r, k, nextRing, o, dir);
                    }
                }
            });

            publishedAt[(r * Slot.PerDay) + k] = clock.GetUtcNow();
            return true;
        }
    }

    /// <summary>Whether the slot has been closed and published.</summary>
    public bool IsPublished(Slot slot)
    {
        lock (gate)
        {
            var r = RingOf(slot.Date.DayNumber);
            return r >= 0 && publishedAt[(r * Slot.PerDay) + slot.Number - 1] is not null;
        }
    }

    /// <summary>Number of published slots that were revised by late reads.</summary>
    public int RevisionsOf(Slot slot)
    {
        lock (gate)
        {
            var r = RingOf(slot.Date.DayNumber);
            return r < 0 ? 0 : revisions[(r * Slot.PerDay) + slot.Number - 1];
        }
    }

    /// <summary>
    /// The 48 values of a supply point's day (the sum over its meters), import direction. Slots not yet published
    /// are returned as unpublished and missing.
    /// </summary>
    public void ReadDay(ReadOnlySpan<int> ordinals, DateOnly date, Direction direction, Span<IntervalValue> destination)
    {
        if (destination.Length < Slot.PerDay)
        {
            throw new ArgumentException("destination must hold 48 values", nameof(destination));
        }

        lock (gate)
        {
            var r = RingOf(date.DayNumber);
            for (var k = 0; k < Slot.PerDay; k++)
            {
                if (r < 0 || publishedAt[(r * Slot.PerDay) + k] is null)
                {
                    destination[k] = new IntervalValue(null, Quality.Missing, false);
                    continue;
                }

                var row = (r * Directions) + (int)direction;
                long sum = 0;
                var worst = Quality.Actual;
                foreach (var o in ordinals)
                {
                    var q = (Quality)quality[row][(k * meters) + o];
                    worst = q > worst ? q : worst;
                    sum += energy[row][(k * meters) + o];
                }

                destination[k] = worst is Quality.Actual or Quality.Estimated
                    ? new IntervalValue(Kwh.FromUnits(sum), worst, true)
                    : new IntervalValue(null, worst, true);
            }
        }
    }

    private void Compute(int r, int k, int nextRing, int o, int dir)
    {
        var row = (r * Directions) + dir;
        var start = registers[row][(k * meters) + o];
        long end;
        if (k < Slot.PerDay - 1)
        {
            end = registers[row][((k + 1) * meters) + o];
        }
        else
        {
            end = nextRing < 0 ? Absent : registers[(nextRing * Directions) + dir][o];
        }

        var index = (k * meters) + o;
        if (start == Absent || end == Absent)
        {
            energy[row][index] = 0;
            quality[row][index] = (byte)Quality.Missing;
            return;
        }

        var delta = end - start;
        if (delta < 0)
        {
            // Roll-over: plausible only if the wrapped advance is within the meter's physical maximum.
            delta += rollover[o];
        }

        if (delta < 0 || delta > maxPerSlot[o])
        {
            energy[row][index] = 0;
            quality[row][index] = (byte)Quality.Invalid;
            return;
        }

        energy[row][index] = delta * multiplier[o];
        quality[row][index] = (byte)Quality.Actual;
    }

    /// <summary>A read at a boundary touches the slot ending there and the slot starting there; recompute those already published.</summary>
    private void ReviseAround(int r, int k, int o, Direction direction)
    {
        var dir = (int)direction;
        var dayNumber = dayInRing[r];
        if (publishedAt[(r * Slot.PerDay) + k] is not null)
        {
            Compute(r, k, k == Slot.PerDay - 1 ? RingOf(dayNumber + 1) : r, o, dir);
            revisions[(r * Slot.PerDay) + k]++;
        }

        if (k > 0)
        {
            if (publishedAt[(r * Slot.PerDay) + k - 1] is not null)
            {
                Compute(r, k - 1, r, o, dir);
                revisions[(r * Slot.PerDay) + k - 1]++;
            }
        }
        else
        {
            var previous = RingOf(dayNumber - 1);
            if (previous >= 0 && publishedAt[(previous * Slot.PerDay) + Slot.PerDay - 1] is not null)
            {
                Compute(previous, Slot.PerDay - 1, r, o, dir);
                revisions[(previous * Slot.PerDay) + Slot.PerDay - 1]++;
            }
        }
    }

    private int RingOf(int dayNumber)
    {
        var r = dayNumber % windowDays;
        return dayInRing[r] == dayNumber ? r : -1;
    }

    /// <summary>The ring entry of a day, taking over the entry of an older day if needed; −1 if the day is older than the window.</summary>
    private int EnsureDay(int dayNumber)
    {
        var r = dayNumber % windowDays;
        if (dayInRing[r] == dayNumber)
        {
            return r;
        }

        if (dayInRing[r] > dayNumber)
        {
            return -1;
        }

        dayInRing[r] = dayNumber;
        for (var dir = 0; dir < Directions; dir++)
        {
            Array.Fill(registers[(r * Directions) + dir], Absent);
            Array.Clear(energy[(r * Directions) + dir]);
            Array.Fill(quality[(r * Directions) + dir], (byte)Quality.Missing);
        }

        Array.Clear(publishedAt, r * Slot.PerDay, Slot.PerDay);
        Array.Clear(revisions, r * Slot.PerDay, Slot.PerDay);
        return r;
    }

    private static (int DayNumber, int Boundary) Boundary(long utcTicks)
    {
        var local = utcTicks + Jst.Offset.Ticks;
        var day = (int)(local / TimeSpan.TicksPerDay);
        var k = (int)(local % TimeSpan.TicksPerDay / Slot.TicksPerSlot);
        return (day, k);
    }

    private static long Pow10(int digits)
    {
        long v = 1;
        for (var i = 0; i < digits; i++)
        {
            v *= 10;
        }

        return v;
    }
}
