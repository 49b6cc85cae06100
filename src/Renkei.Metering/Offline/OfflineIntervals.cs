using System.Globalization;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Offline;

/// <summary>
/// <c>renkei intervals</c>: computes, with the service's own engine, every slot of every supply point in a
/// registry file over the span its reads cover, and writes <c>supply_point_id,date,slot,direction,kwh,quality</c>.
/// The span is bounded: a read counts only inside its meter's installation period (the registry's periods), and
/// the span covers at most <see cref="MaxSpanDays"/> days, the stretch of that length holding the most reads
/// (ties: the earliest). Every other read is rejected with its line and reason, and the good ones are used; so a
/// single read dated years away cannot stretch the engine's window over them.
/// </summary>
public static class OfflineIntervals
{
    public const string Header = "supply_point_id,date,slot,direction,kwh,quality";

    /// <summary>The longest span one run covers: a year (leap years included). Longer periods are computed a year at a time.</summary>
    public const int MaxSpanDays = 366;

    /// <summary>The most register memory one run may ask the engine for (meters × boundaries × 8 bytes): 4 GiB.</summary>
    public const long DefaultMaxRegisterBytes = 4L << 30;

    private const int BatchSize = 1 << 20;

    /// <summary>
    /// Runs the computation. <paramref name="registryCsv"/> is the registry file's bytes (checked as UTF-8);
    /// <paramref name="openReads"/> is called twice (the file is read in two passes).
    /// </summary>
    /// <exception cref="RegistryFileException">The registry file was rejected (every reason listed).</exception>
    /// <exception cref="OfflineSpanException">The span's registers for every meter would not fit <paramref name="maxRegisterBytes"/>.</exception>
    public static OfflineResult Run(Stream registryCsv, Func<TextReader> openReads, TextWriter output, Action<RejectedRead>? onRejected = null, long maxRegisterBytes = DefaultMaxRegisterBytes)
    {
        ArgumentNullException.ThrowIfNull(registryCsv);
        ArgumentNullException.ThrowIfNull(openReads);
        ArgumentNullException.ThrowIfNull(output);
        var registry = new MeterRegistry();
        var installed = new List<long>();
        var removed = new List<long>();
        var exports = 0L;
        foreach (var meter in RegistryCsvParser.Parse(registryCsv))
        {
            registry.Add(meter);
            installed.Add(meter.InstalledAt.UtcTicks);
            removed.Add(meter.RemovedAt?.UtcTicks ?? long.MaxValue);
            exports += meter.MeasuresExport ? 1 : 0;
        }

        var periods = new Periods([.. installed], [.. removed]);

        // Pass 1: the reads per day inside their meters' periods, and the span with the most of them.
        var days = new Dictionary<long, DayReads>();
        var scratch = new List<MeterRead>();
        var ignored = new List<RejectedRead>();
        using (var reader = openReads())
        {
            var csv = new ReadsCsvReader(reader, registry);
            while (csv.ReadBatch(scratch, ignored, BatchSize) > 0)
            {
                foreach (var r in scratch)
                {
                    if (periods.Judge(r) is null)
                    {
                        var day = r.UtcTicks / TimeSpan.TicksPerDay;
                        days[day] = days.TryGetValue(day, out var d) ? d.With(r.UtcTicks) : new DayReads(1, r.UtcTicks, r.UtcTicks);
                    }
                }

                scratch.Clear();
                ignored.Clear();
            }
        }

        output.Write(Header);
        output.Write('\n');
        var (minTicks, maxTicks) = Densest(days);
        var firstBoundary = minTicks / Slot.TicksPerSlot;
        var lastBoundary = maxTicks / Slot.TicksPerSlot;
        var windowDays = days.Count == 0 ? 1 : (int)((lastBoundary - firstBoundary) / Slot.PerDay) + 2;
        var registerBytes = (registry.Count + exports) * ((windowDays * (long)Slot.PerDay) + 1) * sizeof(long);
        if (registerBytes > maxRegisterBytes)
        {
            throw new OfflineSpanException(string.Create(
                CultureInfo.InvariantCulture,
                $"{registry.Count:N0} meters over {(lastBoundary - firstBoundary) / Slot.PerDay:N0} days need {registerBytes / 1048576.0:N1} MiB of registers, more than the {maxRegisterBytes / 1048576.0:N1} MiB one run may use; split the reads file by period"));
        }

        var engine = days.Count == 0 ? null : new IntervalEngine(registry, new FixedClock(new DateTimeOffset(maxTicks, TimeSpan.Zero)), new IntervalEngineOptions { WindowDays = windowDays });
        var span = days.Count == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{Instant(minTicks)} to {Instant(maxTicks)}");

        // Pass 2: ingest in batches, keeping the good reads and reporting each rejected one.
        long accepted = 0, rejectedCount = 0;
        using (var reader = openReads())
        {
            var csv = new ReadsCsvReader(reader, registry);
            var rejected = new List<RejectedRead>();
            var inSpan = new List<MeterRead>();
            while (csv.ReadBatch(scratch, rejected, BatchSize) > 0)
            {
                foreach (var r in scratch)
                {
                    if (periods.Judge(r) is { } outside)
                    {
                        rejected.Add(new RejectedRead(r.Line, outside));
                    }
                    else if (r.UtcTicks < minTicks || r.UtcTicks > maxTicks)
                    {
                        rejected.Add(new RejectedRead(r.Line, string.Create(
                            CultureInfo.InvariantCulture,
                            $"read at {Instant(r.UtcTicks)} is outside the span this run covers, {span} (at most {MaxSpanDays} days: the span with the most reads)")));
                    }
                    else
                    {
                        inSpan.Add(r);
                    }
                }

                if (engine is not null && inSpan.Count > 0)
                {
                    accepted += engine.Ingest(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(inSpan), rejected, judgeClock: false).Accepted;
                }

                rejected.Sort((a, b) => a.Line.CompareTo(b.Line));
                foreach (var r in rejected)
                {
                    onRejected?.Invoke(r);
                }

                rejectedCount += rejected.Count;
                scratch.Clear();
                inSpan.Clear();
                rejected.Clear();
            }
        }

        if (engine is null)
        {
            // No usable read: the rejections are reported, no slot is written.
            return new OfflineResult(0, rejectedCount, 0);
        }

        for (var g = firstBoundary; g < lastBoundary; g++)
        {
            engine.CloseSlot(Slot.Containing(new DateTimeOffset(g * Slot.TicksPerSlot, TimeSpan.Zero)));
        }

        // Output: supply points in registry order, then date, slot, direction.
        long lines = 0;
        var values = new IntervalValue[Slot.PerDay];
        var exportValues = new IntervalValue[Slot.PerDay];
        var firstSlot = Slot.Containing(new DateTimeOffset(firstBoundary * Slot.TicksPerSlot, TimeSpan.Zero));
        var lastSlot = Slot.Containing(new DateTimeOffset((lastBoundary - 1) * Slot.TicksPerSlot, TimeSpan.Zero));
        var done = new HashSet<SupplyPointId>();
        Span<char> number = stackalloc char[32];
        for (var o = 0; o < registry.Count; o++)
        {
            var point = registry[o].SupplyPointId;
            if (!done.Add(point) || !registry.TryGetMeters(point, out var ordinals))
            {
                continue;
            }

            var hasExport = ordinals.Any(m => registry[m].MeasuresExport);
            for (var day = firstSlot.Date; day <= lastSlot.Date; day = day.AddDays(1))
            {
                engine.ReadDay(ordinals, day, Direction.Import, values);
                if (hasExport)
                {
                    engine.ReadDay(ordinals, day, Direction.Export, exportValues);
                }

                var date = DateText.Format(day);
                for (var k = 1; k <= Slot.PerDay; k++)
                {
                    var slot = new Slot(day, k);
                    if (slot < firstSlot || slot > lastSlot)
                    {
                        continue;
                    }

                    WriteLine(output, point.Value, date, k, "import", values[k - 1], number);
                    lines++;
                    if (hasExport)
                    {
                        WriteLine(output, point.Value, date, k, "export", exportValues[k - 1], number);
                        lines++;
                    }
                }
            }
        }

        return new OfflineResult(accepted, rejectedCount, lines);
    }

    /// <summary>The first and last read of the stretch of at most <see cref="MaxSpanDays"/> days with the most reads (ties: the earliest).</summary>
    private static (long Min, long Max) Densest(Dictionary<long, DayReads> days)
    {
        if (days.Count == 0)
        {
            return (0, -1);
        }

        var keys = days.Keys.Order().ToArray();
        long best = -1, sum = 0;
        int bestFrom = 0, bestTo = 0, to = 0;
        for (var from = 0; from < keys.Length; from++)
        {
            while (to < keys.Length && keys[to] - keys[from] < MaxSpanDays)
            {
                sum += days[keys[to]].Count;
                to++;
            }

            if (sum > best)
            {
                (best, bestFrom, bestTo) = (sum, from, to - 1);
            }

            sum -= days[keys[from]].Count;
        }

        return (days[keys[bestFrom]].Min, days[keys[bestTo]].Max);
    }

    private static string Instant(long utcTicks) =>
        Jst.ToJst(new DateTimeOffset(utcTicks, TimeSpan.Zero)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The reads of one day: how many, the first and the last instant.</summary>
    private readonly record struct DayReads(long Count, long Min, long Max)
    {
        public DayReads With(long ticks) => new(Count + 1, Math.Min(Min, ticks), Math.Max(Max, ticks));
    }

    /// <summary>Each meter's installation period (the registry's), by ordinal.</summary>
    private sealed class Periods(long[] installed, long[] removed)
    {
        /// <summary>Why the read lies outside its meter's period, or null when it lies inside.</summary>
        public string? Judge(in MeterRead read)
        {
            if (read.UtcTicks < installed[read.Ordinal])
            {
                return "read is before the meter's installation at " + Instant(installed[read.Ordinal]);
            }

            return read.UtcTicks > removed[read.Ordinal] ? "read is after the meter's removal at " + Instant(removed[read.Ordinal]) : null;
        }
    }

    private static void WriteLine(TextWriter output, string point, string date, int slot, string direction, IntervalValue value, Span<char> number)
    {
        output.Write(point);
        output.Write(',');
        output.Write(date);
        output.Write(',');
        output.Write(slot.ToString(CultureInfo.InvariantCulture));
        output.Write(',');
        output.Write(direction);
        output.Write(',');
        if (value.Energy is { } energy && energy.TryFormat(number, out var n))
        {
            output.Write(number[..n]);
        }

        output.Write(',');
        output.Write(value.Quality.ToName());
        output.Write('\n');
    }
}

/// <summary>What <see cref="OfflineIntervals.Run"/> did.</summary>
public sealed record OfflineResult(long ReadsAccepted, long ReadsRejected, long LinesWritten);

/// <summary>The span's registers would not fit the memory one run may use; nothing was computed.</summary>
public sealed class OfflineSpanException : Exception
{
    public OfflineSpanException()
    {
    }

    public OfflineSpanException(string message)
        : base(message)
    {
    }

    public OfflineSpanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
