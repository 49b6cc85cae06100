using System.Buffers.Text;
using System.IO.Pipelines;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Provision;

/// <summary>
/// The CSV form (<c>text/csv</c>, UTF-8, <c>\n</c> line ends, a header line). Hand-written for speed: each line
/// is formatted as bytes directly into the pipe's buffer (<see cref="PipeWriter.GetSpan"/>), nothing allocated.
/// All fields are digits, dates, or fixed words, so none needs quoting.
/// </summary>
internal sealed class CsvIntervalSink(PipeWriter output) : IntervalSink(output)
{
    /// <summary>The longest line: 22 + 4 + 10 + 2 + 24 + 9 + 20 + 7 month + separators, rounded up.</summary>
    private const int MaxLine = 160;

    private static readonly byte[][] QualityNames = [[.. "actual"u8], [.. "estimated"u8], [.. "missing"u8], [.. "invalid"u8]];
    private readonly byte[] date = new byte[10];
    private byte[] month = [];

    public override void BeginIntervals(DocumentInfo info)
    {
        SetDate(info.Date);
        Write("supply_point_id,voltage,date,slot,kwh,quality,version\n"u8);
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

    public override void BeginUsage(DocumentInfo info, UsagePeriod period)
    {
        month = System.Text.Encoding.ASCII.GetBytes($"{period.Year:D4}-{period.Month:D2}");
        Write("supply_point_id,voltage,month,date,slot,kwh,quality,version\n"u8);
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

    private void Line(string supplyPoint, VoltageClass voltage, ReadOnlySpan<byte> monthField, ReadOnlySpan<byte> dateField, int slot, in IntervalValue value)
    {
        var span = Output.GetSpan(MaxLine);
        var w = 0;
        foreach (var c in supplyPoint)
        {
            span[w++] = (byte)c;
        }

        span[w++] = (byte)',';
        (voltage == VoltageClass.Low ? "low"u8 : "high"u8).CopyTo(span[w..]);
        w += voltage == VoltageClass.Low ? 3 : 4;
        span[w++] = (byte)',';
        if (!monthField.IsEmpty)
        {
            monthField.CopyTo(span[w..]);
            w += monthField.Length;
            span[w++] = (byte)',';
        }

        dateField.CopyTo(span[w..]);
        w += dateField.Length;
        span[w++] = (byte)',';
        w += Whole(slot, span[w..]);
        span[w++] = (byte)',';
        if (value.Energy is { } e)
        {
            w += KwhText.FormatFixed(e, span[w..]);
        }

        span[w++] = (byte)',';
        var q = QualityNames[(int)value.Quality];
        q.CopyTo(span[w..]);
        w += q.Length;
        span[w++] = (byte)',';
        w += Whole(value.Version, span[w..]);
        span[w++] = (byte)'\n';
        Output.Advance(w);
    }

    private static int Whole(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    private void Write(ReadOnlySpan<byte> text)
    {
        text.CopyTo(Output.GetSpan(text.Length));
        Output.Advance(text.Length);
    }
}
