using System.Globalization;
using System.Text;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Reads;

namespace Renkei.Simulator.Fleet;

/// <summary>
/// Turns the fleet into register reads, boundary by boundary, in the reads file definition
/// (<c>meter_id,read_at,register_kwh,direction</c>). Registers advance by the load curve and roll over at
/// 10^digits. Some reads are lost and some arrive one slot late, as configured by <see cref="FleetFaults"/>.
/// </summary>
public sealed class FleetFeed
{
    public const string Header = "meter_id,read_at,register_kwh,direction";

    private readonly MeterFleet fleet;
    private readonly FleetFaults faults;
    private readonly long[] import;
    private readonly long[] export;
    private readonly long[] rollover;
    private readonly List<string> delayed = [];
    private readonly List<(string MeterId, DateTimeOffset At, long Units, bool Export)> delayedBinary = [];
    private readonly List<(string MeterId, DateTimeOffset At, long Units, bool Export)> pendingBinary = [];

    public FleetFeed(MeterFleet fleet, DateTimeOffset start, FleetFaults faults)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        if (!Slot.IsBoundary(start))
        {
            throw new ArgumentException("the feed must start on a 30-minute boundary", nameof(start));
        }

        this.fleet = fleet;
        this.faults = faults ?? FleetFaults.None;
        NextBoundary = Jst.ToJst(start);
        var n = fleet.Meters.Count;
        import = new long[n];
        export = new long[n];
        rollover = new long[n];
        for (var i = 0; i < n; i++)
        {
            var m = fleet.Meters[i];
            import[i] = m.InitialRegister.Units;
            long r = Kwh.UnitsPerKwh;
            for (var d = 0; d < m.RegisterDigits; d++)
            {
                r *= 10;
            }

            rollover[i] = r;
        }
    }

    /// <summary>Where the reads the feed loses or delays are remembered, for re-reads (null: nowhere).</summary>
    public HeadEnd.MeterMemory? Memory { get; init; }

    /// <summary>The instant of the next reads this feed will write.</summary>
    public DateTimeOffset NextBoundary { get; private set; }

    /// <summary>
    /// Writes the reads at <see cref="NextBoundary"/> in the binary batch format (without the magic; plus those
    /// delayed from the previous boundary) and advances to the next boundary. Returns the number of reads.
    /// </summary>
    public int WriteNextBinary(System.Buffers.IBufferWriter<byte> output) => WriteNextBinary(output, int.MaxValue, static () => { });

    /// <summary>
    /// As <see cref="WriteNextBinary(System.Buffers.IBufferWriter{byte})"/>, in batches as a head-end system sends
    /// them: after every <paramref name="metersPerBatch"/> meters (and after the last) <paramref name="flush"/> is
    /// called, which takes what <paramref name="output"/> holds (and may empty it). Returns the number of reads.
    /// </summary>
    public int WriteNextBinary(System.Buffers.IBufferWriter<byte> output, int metersPerBatch, Action flush)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(flush);
        ArgumentOutOfRangeException.ThrowIfLessThan(metersPerBatch, 1);
        var at = NextBoundary;
        var boundaryIndex = NextBoundary.UtcTicks / Slot.TicksPerSlot;
        var slot = Slot.Containing(NextBoundary);
        var reads = 0;
        foreach (var (meterId, atText, units, export) in delayedBinary)
        {
            BinaryReadsWriter.WriteRead(output, meterId, atText, units, export);
            reads++;
        }

        delayedBinary.Clear();
        for (var i = 0; i < fleet.Meters.Count; i++)
        {
            var meter = fleet.Meters[i];
            for (var dir = 0; dir < (meter.HasSolar ? 2 : 1); dir++)
            {
                var fate = faults.Fate(i, dir, boundaryIndex);
                var units = dir == 0 ? import[i] : export[i];
                if (fate < faults.LostPer10000 + faults.LatePer10000)
                {
                    Memory?.Hold(meter.MeterId, at, units, dir == 1);
                }

                if (fate < faults.LostPer10000)
                {
                    continue;
                }

                if (fate < faults.LostPer10000 + faults.LatePer10000)
                {
                    pendingBinary.Add((meter.MeterId, at, units, dir == 1));
                    continue;
                }

                BinaryReadsWriter.WriteRead(output, meter.MeterId, at, units, dir == 1);
                reads++;
            }

            import[i] = (import[i] + LoadCurve.ImportUnits(meter, slot)) % rollover[i];
            export[i] = (export[i] + LoadCurve.ExportUnits(meter, slot)) % rollover[i];
            if ((i + 1) % metersPerBatch == 0 && i + 1 < fleet.Meters.Count)
            {
                flush();
            }
        }

        flush();
        delayedBinary.AddRange(pendingBinary);
        pendingBinary.Clear();
        NextBoundary = NextBoundary.AddTicks(Slot.TicksPerSlot);
        return reads;
    }

    /// <summary>
    /// Appends the reads at <see cref="NextBoundary"/> (plus those delayed from the previous boundary) to
    /// <paramref name="csv"/>, without header, and advances to the next boundary. Returns the number of lines.
    /// </summary>
    public int WriteNext(StringBuilder csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var at = NextBoundary.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var boundaryIndex = NextBoundary.UtcTicks / Slot.TicksPerSlot;
        var slot = Slot.Containing(NextBoundary);
        var lines = 0;
        var late = new List<string>();
        Span<char> number = stackalloc char[32];
        for (var i = 0; i < fleet.Meters.Count; i++)
        {
            var meter = fleet.Meters[i];
            for (var dir = 0; dir < (meter.HasSolar ? 2 : 1); dir++)
            {
                var fate = faults.Fate(i, dir, boundaryIndex);
                var lostOrLate = fate < faults.LostPer10000 + faults.LatePer10000;
                Kwh.FromUnits(dir == 0 ? import[i] : export[i]).TryFormat(number, out var n);
                if (lostOrLate)
                {
                    Memory?.Hold(meter.MeterId, NextBoundary, dir == 0 ? import[i] : export[i], dir == 1);
                }

                if (fate < faults.LostPer10000)
                {
                    continue;
                }

                if (lostOrLate)
                {
                    late.Add(string.Concat(meter.MeterId, ",", at, ",", number[..n].ToString(), dir == 0 ? ",import" : ",export"));
                    continue;
                }

                csv.Append(meter.MeterId).Append(',').Append(at).Append(',').Append(number[..n]).Append(dir == 0 ? ",import\n" : ",export\n");
                lines++;
            }

            import[i] = (import[i] + LoadCurve.ImportUnits(meter, slot)) % rollover[i];
            export[i] = (export[i] + LoadCurve.ExportUnits(meter, slot)) % rollover[i];
        }

        foreach (var l in delayed)
        {
            csv.Append(l).Append('\n');
            lines++;
        }

        delayed.Clear();
        delayed.AddRange(late);
        NextBoundary = NextBoundary.AddTicks(Slot.TicksPerSlot);
        return lines;
    }
}
