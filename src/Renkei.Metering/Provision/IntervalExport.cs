using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Provision;

/// <summary>
/// Writes the bulk documents: one slot, one day, one month of fixed usage, for the points a
/// <see cref="RetailerPoints"/> walk yields, value by value into an <see cref="IntervalSink"/>, flushing every
/// <see cref="FlushEvery"/> points. Memory is a few buffers, whatever the number of points.
/// </summary>
internal static class IntervalExport
{
    public const int FlushEvery = 2048;

    public static async Task WriteSlotAsync(IntervalSink sink, DocumentInfo info, RetailerPoints points, IntervalEngine engine, SlotRead slot, CancellationToken cancellationToken)
    {
        sink.BeginIntervals(info);
        var n = 0;
        while (points.MoveNext())
        {
            sink.SlotValue(points.Current, points.Voltage, slot.Slot.Number, engine.ReadSlot(slot, points.Ordinals, Direction.Import));
            if (++n % FlushEvery == 0)
            {
                await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        sink.EndDocument();
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteDayAsync(IntervalSink sink, DocumentInfo info, RetailerPoints points, IntervalEngine engine, PublishedCut? cut, CancellationToken cancellationToken)
    {
        sink.BeginIntervals(info);
        var n = 0;
        if (sink.DayIsSlotMajor)
        {
            for (var k = 1; k <= Slot.PerDay; k++)
            {
                var slot = engine.PrepareSlot(new Slot(info.Date, k), cut);
                sink.BeginDaySlot(k);
                points.Reset();
                while (points.MoveNext())
                {
                    sink.SlotValue(points.Current, points.Voltage, k, engine.ReadSlot(slot, points.Ordinals, Direction.Import));
                    if (++n % FlushEvery == 0)
                    {
                        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                sink.EndDaySlot();
            }
        }
        else
        {
            var values = new IntervalValue[Slot.PerDay];
            while (points.MoveNext())
            {
                engine.ReadDay(points.Ordinals, info.Date, Direction.Import, values, cut);
                sink.PointDay(points.Current, points.Voltage, info.Date, values);
                if (++n % (FlushEvery / 16) == 0)
                {
                    await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        sink.EndDocument();
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task WriteUsageAsync(IntervalSink sink, DocumentInfo info, UsagePeriod period, RetailerPoints points, IntervalEngine engine, CancellationToken cancellationToken)
    {
        sink.BeginUsage(info, period);
        var values = new IntervalValue[period.Days * Slot.PerDay];
        while (points.MoveNext())
        {
            long total = 0;
            long version = 0;
            var complete = true;
            var held = points.HeldDays;
            for (var d = 0; d < period.Days; d++)
            {
                var day = values.AsSpan(d * Slot.PerDay, Slot.PerDay);
                if ((held & (1u << d)) == 0)
                {
                    day.Clear();
                    continue;
                }

                engine.ReadDay(points.Ordinals, period.From.AddDays(d), Direction.Import, day);
                foreach (var v in day)
                {
                    total += v.Energy?.Units ?? 0;
                    version = Math.Max(version, v.Version);
                    complete &= v.Quality is Quality.Actual or Quality.Estimated;
                }
            }

            var whole = held == (period.Days >= 32 ? uint.MaxValue : (1u << period.Days) - 1);
            sink.UsagePoint(points.Current, points.Voltage, new UsageSummary(total, whole, complete, held, version), period, values);
            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        sink.EndDocument();
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
