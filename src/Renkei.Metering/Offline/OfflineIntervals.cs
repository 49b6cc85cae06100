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
/// registry file from the earliest to the latest read of a reads file, and writes
/// <c>supply_point_id,date,slot,direction,kwh,quality</c>. Rejected reads are reported with their line and
/// reason; the good ones are used.
/// </summary>
public static class OfflineIntervals
{
    public const string Header = "supply_point_id,date,slot,direction,kwh,quality";
    private const int BatchSize = 1 << 20;

    /// <summary>Runs the computation. <paramref name="openReads"/> is called twice (the file is read in two passes).</summary>
    public static OfflineResult Run(TextReader registryCsv, Func<TextReader> openReads, TextWriter output, Action<RejectedRead>? onRejected = null)
    {
        ArgumentNullException.ThrowIfNull(registryCsv);
        ArgumentNullException.ThrowIfNull(openReads);
        ArgumentNullException.ThrowIfNull(output);
        var registry = new MeterRegistry();
        foreach (var meter in RegistryCsvParser.Parse(registryCsv))
        {
            registry.Add(meter);
        }

        // Pass 1: the time range of the well-formed reads.
        long minTicks = long.MaxValue, maxTicks = long.MinValue;
        var scratch = new List<MeterRead>();
        var ignored = new List<RejectedRead>();
        using (var reader = openReads())
        {
            var csv = new ReadsCsvReader(reader, registry);
            while (csv.ReadBatch(scratch, ignored, BatchSize) > 0)
            {
                foreach (var r in scratch)
                {
                    minTicks = Math.Min(minTicks, r.UtcTicks);
                    maxTicks = Math.Max(maxTicks, r.UtcTicks);
                }

                scratch.Clear();
                ignored.Clear();
            }
        }

        output.Write(Header);
        output.Write('\n');
        if (minTicks > maxTicks)
        {
            // No usable read: report the rejections, write no slot.
            using var reader = openReads();
            var rejectedOnly = new List<RejectedRead>();
            var csv = new ReadsCsvReader(reader, registry);
            while (csv.ReadBatch(scratch, rejectedOnly, BatchSize) > 0)
            {
                scratch.Clear();
            }

            rejectedOnly.ForEach(r => onRejected?.Invoke(r));
            return new OfflineResult(0, rejectedOnly.Count, 0);
        }

        var firstBoundary = minTicks / Slot.TicksPerSlot;
        var lastBoundary = maxTicks / Slot.TicksPerSlot;
        var days = (int)((lastBoundary - firstBoundary) / Slot.PerDay) + 2;
        var engine = new IntervalEngine(registry, new FixedClock(new DateTimeOffset(maxTicks, TimeSpan.Zero)), new IntervalEngineOptions { WindowDays = days });

        // Pass 2: ingest in batches, keeping the good reads and reporting each rejected one.
        long accepted = 0, rejectedCount = 0;
        using (var reader = openReads())
        {
            var csv = new ReadsCsvReader(reader, registry);
            var rejected = new List<RejectedRead>();
            while (csv.ReadBatch(scratch, rejected, BatchSize) > 0)
            {
                var outcome = engine.Ingest(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch), rejected, judgeClock: false);
                accepted += outcome.Accepted;
                rejected.Sort((a, b) => a.Line.CompareTo(b.Line));
                foreach (var r in rejected)
                {
                    onRejected?.Invoke(r);
                }

                rejectedCount += rejected.Count;
                scratch.Clear();
                rejected.Clear();
            }
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
