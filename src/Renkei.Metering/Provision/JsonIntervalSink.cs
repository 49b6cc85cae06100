using System.IO.Pipelines;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Intervals;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Provision;

/// <summary>
/// The JSON form (<c>application/json</c>): the adapter from engine values to <see cref="IntervalJson"/>, which knows
/// the format and writes straight into the pipe, nothing allocated per value.
/// </summary>
internal sealed class JsonIntervalSink : IntervalSink
{
    private readonly IntervalJson json;
    private long count;

    public JsonIntervalSink(PipeWriter output)
        : base(output) => json = new IntervalJson(output);

    public override void BeginIntervals(DocumentInfo info) =>
        json.BeginIntervals(info.SenderCode, info.Receiver, info.Voltage.Name(), info.Created, info.AsOf, info.Date, info.Slot);

    public override void SlotValue(string supplyPoint, VoltageClass voltage, int slot, in IntervalValue value)
    {
        json.BeginPoint(supplyPoint, voltage);
        json.SlotFields(slot, value.Energy, value.Quality, value.Version);
        json.EndPoint();
        count++;
    }

    public override void PointDay(string supplyPoint, VoltageClass voltage, DateOnly date, ReadOnlySpan<IntervalValue> values)
    {
        json.BeginPoint(supplyPoint, voltage);
        DaySlots(values);
        json.EndPoint();
        count++;
    }

    /// <summary>
    /// A document of its own: one supply point's day in one direction, the shape of
    /// <see cref="Renkei.Formats.Api.Metering.IntervalsResponse"/> (<c>GET /internal/v1/supply-points/{id}/intervals</c>).
    /// </summary>
    public void PointDayDocument(string supplyPoint, DateOnly date, Direction direction, ReadOnlySpan<IntervalValue> values)
    {
        json.BeginPointDay(supplyPoint, date, direction);
        DaySlots(values);
        json.EndPointDay();
    }

    public override void BeginUsage(DocumentInfo info, int year, int month) =>
        json.BeginUsage(info.SenderCode, info.Receiver, info.Voltage.Name(), info.Created, info.AsOf, year, month);

    public override void UsagePoint(string supplyPoint, VoltageClass voltage, in UsageSummary summary, UsagePeriod period, ReadOnlySpan<IntervalValue> values)
    {
        json.BeginPoint(supplyPoint, voltage);

        // 最大需要電力 is a high-voltage point's billing quantity; a low-voltage point carries none.
        var demand = voltage != VoltageClass.Low && summary.MaxDemandUnits is { } units ? Kwh.FromUnits(units) : (Kwh?)null;
        json.UsageTotals(
            period.From,
            period.To,
            period.NextReading,
            summary.WholePeriod,
            Kwh.FromUnits(summary.TotalUnits),
            System.Numerics.BitOperations.PopCount(summary.HeldDays),
            demand,
            demand is null ? null : summary.MaxSlot?.Start);
        for (var d = 0; d < period.Days; d++)
        {
            if (!summary.Held(d))
            {
                continue;
            }

            var day = values.Slice(d * Slot.PerDay, Slot.PerDay);
            long dayUnits = 0;
            foreach (var v in day)
            {
                dayUnits += v.Energy?.Units ?? 0;
            }

            json.BeginUsageDay(period.From.AddDays(d), Kwh.FromUnits(dayUnits));
            DaySlots(day);
            json.EndUsageDay();
        }

        json.EndUsagePoint();
        count++;
    }

    public override void PendingUsagePoint(string supplyPoint, VoltageClass voltage, UsagePeriod? period, string reason, string detail)
    {
        json.BeginPoint(supplyPoint, voltage);
        json.UsagePending(period?.From, period?.To, reason, detail);
        json.EndPoint();
        count++;
    }

    public override void EndDocument() => json.EndDocument(count);

    protected override void FlushWriter() => json.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            json.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A day's values as <c>"slots": [{ "slot", "kwh", "quality", "version" }…]</c>.</summary>
    private void DaySlots(ReadOnlySpan<IntervalValue> values)
    {
        json.BeginSlots();
        for (var k = 0; k < values.Length; k++)
        {
            json.SlotEntry(k + 1, values[k].Energy, values[k].Quality, values[k].Version);
        }

        json.EndSlots();
    }
}
