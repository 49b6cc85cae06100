using System.IO.Pipelines;
using Renkei.Domain.Time;
using Renkei.Formats.Intervals;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Provision;

/// <summary>
/// The CSV form (<c>text/csv</c>): the adapter from engine values to <see cref="IntervalCsv"/>, which knows the format;
/// each line is formatted as bytes directly into the pipe's buffer (<see cref="PipeWriter.GetSpan"/>), nothing allocated.
/// </summary>
internal sealed class CsvIntervalSink(PipeWriter output) : IntervalSink(output)
{
    private readonly byte[] date = new byte[10];
    private byte[] month = [];

    public override void BeginIntervals(DocumentInfo info)
    {
        SetDate(info.Date);
        Write(IntervalCsv.IntervalsHeader);
    }

    public override void SlotValue(string supplyPoint, VoltageClass voltage, int slot, in IntervalValue value) =>
        Line(supplyPoint, voltage, [], date, slot, value);

    public override void PointDay(string supplyPoint, VoltageClass voltage, DateOnly day, ReadOnlySpan<IntervalValue> values)
    {
        for (var k = 0; k < values.Length; k++)
        {
            Line(supplyPoint, voltage, [], date, k + 1, values[k]);
        }
    }

    public override void BeginUsage(DocumentInfo info, int year, int month)
    {
        this.month = System.Text.Encoding.ASCII.GetBytes($"{year:D4}-{month:D2}");
        Write(IntervalCsv.UsageHeader);
    }

    public override void UsagePoint(string supplyPoint, VoltageClass voltage, in UsageSummary summary, UsagePeriod period, ReadOnlySpan<IntervalValue> values)
    {
        for (var d = 0; d < period.Days; d++)
        {
            if (!summary.Held(d))
            {
                continue;
            }

            SetDate(period.From.AddDays(d));
            var day = values.Slice(d * Slot.PerDay, Slot.PerDay);
            for (var k = 0; k < day.Length; k++)
            {
                Line(supplyPoint, voltage, month, date, k + 1, day[k]);
            }
        }
    }

    public override void EndDocument()
    {
    }

    protected override void FlushWriter()
    {
    }

    private void SetDate(DateOnly day) =>
        DateText.TryFormat(day, date, out _);

    private void Line(string supplyPoint, VoltageClass voltage, ReadOnlySpan<byte> monthField, ReadOnlySpan<byte> dateField, int slot, in IntervalValue value) =>
        Output.Advance(IntervalCsv.FormatLine(Output.GetSpan(IntervalCsv.MaxLine), supplyPoint, voltage, monthField, dateField, slot, value.Energy, value.Quality, value.Version));

    private void Write(ReadOnlySpan<byte> text)
    {
        text.CopyTo(Output.GetSpan(text.Length));
        Output.Advance(text.Length);
    }
}
