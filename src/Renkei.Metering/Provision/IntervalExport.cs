using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Usage;

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

    /// <summary>
    /// A month's fixed usage: per point its reading period, the days of it the retailer held, read as of
    /// <paramref name="cut"/> (null: now); fixed (every held slot final, <see cref="FixedUsageRules"/>) or listed as not
    /// yet providable with the reason.
    /// </summary>
    public static async Task WriteUsageAsync(IntervalSink sink, DocumentInfo info, int year, int month, ReadingPeriodPoints points, IntervalEngine engine, PublishedCut? cut, CancellationToken cancellationToken)
    {
        sink.BeginUsage(info, year, month);
        var values = new IntervalValue[UsagePeriod.MaxDays * Slot.PerDay];
        while (points.MoveNext())
        {
            if (points.Period.Period is not { } period)
            {
                sink.PendingUsagePoint(points.Current, points.Voltage, null, points.Period.Reason!, points.Period.Detail!);
            }
            else
            {
                var held = points.HeldDays;
                for (var d = 0; d < period.Days; d++)
                {
                    var day = values.AsSpan(d * Slot.PerDay, Slot.PerDay);
                    if ((held & (1UL << d)) == 0)
                    {
                        day.Clear();
                        continue;
                    }

                    engine.ReadDay(points.Ordinals, period.From.AddDays(d), Direction.Import, day, cut);
                }

                var summary = FixedUsageRules.Summarize(values, held, period);
                if (summary.Fixed)
                {
                    sink.UsagePoint(points.Current, points.Voltage, summary, period, values);
                }
                else
                {
                    sink.PendingUsagePoint(points.Current, points.Voltage, period, summary.Reason!, summary.Detail!);
                }
            }

            // A point's period is some 1,500 values: flush after each.
            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        sink.EndDocument();
        await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
