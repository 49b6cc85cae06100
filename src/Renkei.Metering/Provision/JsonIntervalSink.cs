using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Provision;

/// <summary>
/// The JSON form (<c>application/json</c>), written with a <see cref="Utf8JsonWriter"/> straight into the pipe;
/// property names are pre-encoded, numbers written from their units, so no value allocates.
/// </summary>
internal sealed class JsonIntervalSink : IntervalSink
{
    private static readonly JsonEncodedText Receiver = JsonEncodedText.Encode("receiver");
    private static readonly JsonEncodedText Sender = JsonEncodedText.Encode("sender");
    private static readonly JsonEncodedText Date = JsonEncodedText.Encode("date");
    private static readonly JsonEncodedText SlotName = JsonEncodedText.Encode("slot");
    private static readonly JsonEncodedText Voltage = JsonEncodedText.Encode("voltage");
    private static readonly JsonEncodedText AsOf = JsonEncodedText.Encode("asOf");
    private static readonly JsonEncodedText Created = JsonEncodedText.Encode("created");
    private static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText Points = JsonEncodedText.Encode("points");
    private static readonly JsonEncodedText Slots = JsonEncodedText.Encode("slots");
    private static readonly JsonEncodedText Days = JsonEncodedText.Encode("days");
    private static readonly JsonEncodedText SupplyPointId = JsonEncodedText.Encode("supplyPointId");
    private static readonly JsonEncodedText Kwh = JsonEncodedText.Encode("kwh");
    private static readonly JsonEncodedText QualityName = JsonEncodedText.Encode("quality");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText Month = JsonEncodedText.Encode("month");
    private static readonly JsonEncodedText From = JsonEncodedText.Encode("from");
    private static readonly JsonEncodedText To = JsonEncodedText.Encode("to");
    private static readonly JsonEncodedText Provision = JsonEncodedText.Encode("provision");
    private static readonly JsonEncodedText Complete = JsonEncodedText.Encode("complete");
    private static readonly JsonEncodedText DaysHeld = JsonEncodedText.Encode("daysHeld");
    private static readonly JsonEncodedText NextReadingDate = JsonEncodedText.Encode("nextReadingDate");
    private static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");
    private static readonly JsonEncodedText DirectionName = JsonEncodedText.Encode("direction");
    private static readonly JsonEncodedText Import = JsonEncodedText.Encode("import");
    private static readonly JsonEncodedText Export = JsonEncodedText.Encode("export");
    private static readonly JsonEncodedText[] QualityNames =
    [
        JsonEncodedText.Encode("actual"), JsonEncodedText.Encode("estimated"), JsonEncodedText.Encode("missing"), JsonEncodedText.Encode("invalid"),
    ];

    private static readonly JsonEncodedText Low = JsonEncodedText.Encode("low");
    private static readonly JsonEncodedText High = JsonEncodedText.Encode("high");

    private readonly Utf8JsonWriter json;
    private long count;

    public JsonIntervalSink(PipeWriter output)
        : base(output) => json = new Utf8JsonWriter((System.Buffers.IBufferWriter<byte>)output, new JsonWriterOptions { SkipValidation = true });

    public override void BeginIntervals(DocumentInfo info)
    {
        Header(info);
        json.WriteString(Date, DateText.Format(info.Date));
        if (info.Slot is { } slot)
        {
            json.WriteNumber(SlotName, slot);
            json.WriteStartArray(Values);
        }
        else
        {
            json.WriteNull(SlotName);
            json.WriteStartArray(Points);
        }
    }

    public override void SlotValue(string supplyPoint, VoltageClass voltage, int slot, in IntervalValue value)
    {
        json.WriteStartObject();
        json.WriteString(SupplyPointId, supplyPoint);
        json.WriteString(Voltage, voltage == VoltageClass.Low ? Low : High);
        json.WriteNumber(SlotName, slot);
        Value(value, withVersion: true);
        json.WriteEndObject();
        count++;
    }

    public override void PointDay(string supplyPoint, VoltageClass voltage, DateOnly date, ReadOnlySpan<IntervalValue> values)
    {
        json.WriteStartObject();
        json.WriteString(SupplyPointId, supplyPoint);
        json.WriteString(Voltage, voltage == VoltageClass.Low ? Low : High);
        DaySlots(values);
        json.WriteEndObject();
        count++;
    }

    /// <summary>
    /// A document of its own: one supply point's day in one direction, the shape of
    /// <see cref="Renkei.Formats.Api.Metering.IntervalsResponse"/> (<c>GET /internal/v1/supply-points/{id}/intervals</c>).
    /// </summary>
    public void PointDayDocument(string supplyPoint, DateOnly date, Direction direction, ReadOnlySpan<IntervalValue> values)
    {
        Span<char> day = stackalloc char[10];
        DateText.TryFormat(date, day, out _);
        json.WriteStartObject();
        json.WriteString(SupplyPointId, supplyPoint);
        json.WriteString(Date, day);
        json.WriteString(DirectionName, direction == Direction.Import ? Import : Export);
        DaySlots(values);
        json.WriteEndObject();
        json.Flush();
    }

    public override void BeginUsage(DocumentInfo info, UsagePeriod period)
    {
        Header(info);
        json.WriteString(Month, string.Create(CultureInfo.InvariantCulture, $"{period.Year:D4}-{period.Month:D2}"));
        json.WriteString(From, DateText.Format(period.From));
        json.WriteString(To, DateText.Format(period.To));
        json.WriteString(NextReadingDate, DateText.Format(period.NextReading));
        json.WriteStartArray(Points);
    }

    public override void UsagePoint(string supplyPoint, VoltageClass voltage, in UsageSummary summary, UsagePeriod period, ReadOnlySpan<IntervalValue> values)
    {
        Span<char> date = stackalloc char[10];
        json.WriteStartObject();
        json.WriteString(SupplyPointId, supplyPoint);
        json.WriteString(Voltage, voltage == VoltageClass.Low ? Low : High);
        json.WriteString(Provision, summary.WholeMonth ? "0" : "1");
        json.WriteNumber(Kwh, KwhText.JsonNumber(Domain.Energy.Kwh.FromUnits(summary.TotalUnits)));
        json.WriteBoolean(Complete, summary.Complete);
        json.WriteNumber(DaysHeld, System.Numerics.BitOperations.PopCount(summary.HeldDays));
        json.WriteStartArray(Days);
        for (var d = 0; d < period.Days; d++)
        {
            if (!summary.Held(d))
            {
                continue;
            }

            var day = values.Slice(d * Slot.PerDay, Slot.PerDay);
            long units = 0;
            foreach (var v in day)
            {
                units += v.Energy?.Units ?? 0;
            }

            DateText.TryFormat(period.From.AddDays(d), date, out _);
            json.WriteStartObject();
            json.WriteString(Date, date);
            json.WriteNumber(Kwh, KwhText.JsonNumber(Domain.Energy.Kwh.FromUnits(units)));
            DaySlots(day);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        count++;
    }

    public override void EndDocument()
    {
        json.WriteEndArray();
        json.WriteNumber(Count, count);
        json.WriteEndObject();
        json.Flush();
    }

    protected override void FlushWriter() => json.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            json.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Header(DocumentInfo info)
    {
        json.WriteStartObject();
        json.WriteString(Sender, info.SenderCode);
        json.WriteString(Receiver, info.Receiver);
        json.WriteString(Voltage, info.Voltage.Name());
        json.WriteString(Created, info.Created);
        if (info.AsOf is { } asOf)
        {
            json.WriteString(AsOf, asOf);
        }
        else
        {
            json.WriteNull(AsOf);
        }
    }

    /// <summary>A day's values as <c>"slots": [{ "slot", "kwh", "quality", "version" }…]</c>.</summary>
    private void DaySlots(ReadOnlySpan<IntervalValue> values)
    {
        json.WriteStartArray(Slots);
        for (var k = 0; k < values.Length; k++)
        {
            json.WriteStartObject();
            json.WriteNumber(SlotName, k + 1);
            Value(values[k], withVersion: true);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private void Value(in IntervalValue value, bool withVersion)
    {
        if (value.Energy is { } e)
        {
            json.WriteNumber(Kwh, KwhText.JsonNumber(e));
        }
        else
        {
            json.WriteNull(Kwh);
        }

        json.WriteString(QualityName, QualityNames[(int)value.Quality]);
        if (withVersion)
        {
            json.WriteNumber(Version, value.Version);
        }
    }
}
