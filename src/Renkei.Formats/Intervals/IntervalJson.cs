using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Renkei.Domain.Energy;
using Renkei.Formats.Registry;
using Renkei.Formats.Text;

namespace Renkei.Formats.Intervals;

/// <summary>
/// The JSON form of 30-minute energy (<c>application/json</c>): its property names, pre-encoded, and the text of its
/// values (kWh as a number with 4 places, qualities and voltages as fixed words), written with a
/// <see cref="Utf8JsonWriter"/> straight into a buffer writer, nothing allocated per value. The caller walks its values
/// and calls these in document order:
/// <list type="bullet">
/// <item>a slot or day: <see cref="BeginIntervals"/>, per point <see cref="BeginPoint"/> then <see cref="SlotFields"/>
/// (a slot) or the day's slots (<see cref="BeginSlots"/>, <see cref="SlotEntry"/>…, <see cref="EndSlots"/>), then
/// <see cref="EndPoint"/>; finally <see cref="EndDocument"/>;</item>
/// <item>a month's fixed usage: <see cref="BeginUsage"/>, per point <see cref="BeginPoint"/>, then either
/// <see cref="UsageTotals"/>, per day held <see cref="BeginUsageDay"/>, its slots, <see cref="EndUsageDay"/>, and
/// <see cref="EndUsagePoint"/> (its usage is fixed), or <see cref="UsagePending"/> and <see cref="EndPoint"/> (not yet
/// providable); finally <see cref="EndDocument"/>;</item>
/// <item>one point's day in one direction, a document of its own: <see cref="BeginPointDay"/>, its slots,
/// <see cref="EndPointDay"/>.</item>
/// </list>
/// </summary>
public sealed class IntervalJson : IDisposable
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
    private static readonly JsonEncodedText KwhName = JsonEncodedText.Encode("kwh");
    private static readonly JsonEncodedText QualityName = JsonEncodedText.Encode("quality");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText Month = JsonEncodedText.Encode("month");
    private static readonly JsonEncodedText From = JsonEncodedText.Encode("from");
    private static readonly JsonEncodedText To = JsonEncodedText.Encode("to");
    private static readonly JsonEncodedText Provision = JsonEncodedText.Encode("provision");
    private static readonly JsonEncodedText FixedName = JsonEncodedText.Encode("fixed");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText Detail = JsonEncodedText.Encode("detail");
    private static readonly JsonEncodedText MaxDemandKw = JsonEncodedText.Encode("maxDemandKw");
    private static readonly JsonEncodedText MaxDemandAt = JsonEncodedText.Encode("maxDemandAt");
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

    public IntervalJson(IBufferWriter<byte> output) =>
        json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });

    /// <summary>
    /// Opens a slot document (<paramref name="slot"/> set: its points in <c>"values"</c>) or a day document (slot
    /// <c>null</c>, its points in <c>"points"</c>) after the header every bulk document has.
    /// </summary>
    public void BeginIntervals(string sender, string receiver, string voltage, DateTimeOffset created, DateTimeOffset? asOf, DateOnly date, int? slot)
    {
        Header(sender, receiver, voltage, created, asOf);
        json.WriteString(Date, DateText.Format(date));
        if (slot is { } s)
        {
            json.WriteNumber(SlotName, s);
            json.WriteStartArray(Values);
        }
        else
        {
            json.WriteNull(SlotName);
            json.WriteStartArray(Points);
        }
    }

    /// <summary>Opens a fixed-usage (確定使用量) document for the month whose readings close the points' reading periods.</summary>
    public void BeginUsage(string sender, string receiver, string voltage, DateTimeOffset created, DateTimeOffset? asOf, int year, int month)
    {
        Header(sender, receiver, voltage, created, asOf);
        json.WriteString(Month, string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}"));
        json.WriteStartArray(Points);
    }

    /// <summary>Opens one supply point's object in a bulk document: <c>{"supplyPointId", "voltage"</c>.</summary>
    public void BeginPoint(string supplyPoint, VoltageClass voltage)
    {
        json.WriteStartObject();
        json.WriteString(SupplyPointId, supplyPoint);
        json.WriteString(Voltage, voltage == VoltageClass.Low ? Low : High);
    }

    /// <summary>One value's fields in the object that is open: <c>"slot", "kwh", "quality", "version"</c>.</summary>
    public void SlotFields(int slot, Kwh? energy, Quality quality, long version)
    {
        json.WriteNumber(SlotName, slot);
        if (energy is { } e)
        {
            json.WriteNumber(KwhName, KwhText.JsonNumber(e));
        }
        else
        {
            json.WriteNull(KwhName);
        }

        json.WriteString(QualityName, QualityNames[(int)quality]);
        json.WriteNumber(Version, version);
    }

    /// <summary>Opens a day's <c>"slots"</c> array.</summary>
    public void BeginSlots() => json.WriteStartArray(Slots);

    /// <summary>One slot of a day's <c>"slots"</c>: <c>{"slot", "kwh", "quality", "version"}</c>.</summary>
    public void SlotEntry(int slot, Kwh? energy, Quality quality, long version)
    {
        json.WriteStartObject();
        SlotFields(slot, energy, quality, version);
        json.WriteEndObject();
    }

    public void EndSlots() => json.WriteEndArray();

    /// <summary>Closes a point's object in a slot or day document.</summary>
    public void EndPoint() => json.WriteEndObject();

    /// <summary>
    /// A point's fixed usage in the object that is open: its reading period (<c>"from"</c>, <c>"to"</c> exclusive, the
    /// <c>"nextReadingDate"</c>), <c>"fixed": true</c>, whether the retailer held the whole period (<c>"provision"</c>
    /// 0) or part of it (1), the kWh of its days, the days held, for a high-voltage point the maximum demand
    /// (<paramref name="maxDemand"/>, kW, and the start of its slot); then opens its <c>"days"</c>.
    /// </summary>
    public void UsageTotals(DateOnly from, DateOnly to, DateOnly nextReading, bool wholePeriod, Kwh total, int daysHeld, Kwh? maxDemand, DateTimeOffset? maxDemandAt)
    {
        json.WriteString(From, DateText.Format(from));
        json.WriteString(To, DateText.Format(to));
        json.WriteString(NextReadingDate, DateText.Format(nextReading));
        json.WriteBoolean(FixedName, true);
        json.WriteString(Provision, wholePeriod ? "0" : "1");
        json.WriteNumber(KwhName, KwhText.JsonNumber(total));
        json.WriteNumber(DaysHeld, daysHeld);
        if (maxDemand is { } kw && maxDemandAt is { } at)
        {
            json.WriteNumber(MaxDemandKw, KwhText.JsonNumber(kw));
            json.WriteString(MaxDemandAt, at);
        }

        json.WriteStartArray(Days);
    }

    /// <summary>
    /// A point whose usage is not yet providable, in the object that is open: its reading period when it has one
    /// (else <c>null</c>), <c>"fixed": false</c>, the <paramref name="reason"/> (a code) and its <paramref name="detail"/>.
    /// </summary>
    public void UsagePending(DateOnly? from, DateOnly? to, string reason, string detail)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(detail);
        WriteDateOrNull(From, from);
        WriteDateOrNull(To, to);
        json.WriteBoolean(FixedName, false);
        json.WriteString(Reason, reason);
        json.WriteString(Detail, detail);
    }

    /// <summary>Opens one held day of a point's month: <c>{"date", "kwh"</c> (the day's total); its slots follow.</summary>
    public void BeginUsageDay(DateOnly date, Kwh total)
    {
        Span<char> day = stackalloc char[10];
        DateText.TryFormat(date, day, out _);
        json.WriteStartObject();
        json.WriteString(Date, day);
        json.WriteNumber(KwhName, KwhText.JsonNumber(total));
    }

    /// <summary>Closes one held day of a point's month.</summary>
    public void EndUsageDay() => json.WriteEndObject();

    /// <summary>Closes a point's <c>"days"</c> and the point.</summary>
    public void EndUsagePoint()
    {
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Closes a bulk document with the number of points it holds, and moves its bytes to the output.</summary>
    public void EndDocument(long count)
    {
        json.WriteEndArray();
        json.WriteNumber(Count, count);
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>
    /// Opens one supply point's day in one direction, a document of its own (the shape of
    /// <see cref="Api.Metering.IntervalsResponse"/>): <c>{"supplyPointId", "date", "direction"</c>; its slots follow.
    /// </summary>
    public void BeginPointDay(string supplyPoint, DateOnly date, Direction direction)
    {
        Span<char> day = stackalloc char[10];
        DateText.TryFormat(date, day, out _);
        json.WriteStartObject();
        json.WriteString(SupplyPointId, supplyPoint);
        json.WriteString(Date, day);
        json.WriteString(DirectionName, direction == Direction.Import ? Import : Export);
    }

    /// <summary>Closes a point's day document and moves its bytes to the output.</summary>
    public void EndPointDay()
    {
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Moves the bytes written so far to the output, without sending.</summary>
    public void Flush() => json.Flush();

    public void Dispose() => json.Dispose();

    private void WriteDateOrNull(JsonEncodedText name, DateOnly? date)
    {
        if (date is { } d)
        {
            json.WriteString(name, DateText.Format(d));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private void Header(string sender, string receiver, string voltage, DateTimeOffset created, DateTimeOffset? asOf)
    {
        json.WriteStartObject();
        json.WriteString(Sender, sender);
        json.WriteString(Receiver, receiver);
        json.WriteString(Voltage, voltage);
        json.WriteString(Created, created);
        if (asOf is { } a)
        {
            json.WriteString(AsOf, a);
        }
        else
        {
            json.WriteNull(AsOf);
        }
    }
}
