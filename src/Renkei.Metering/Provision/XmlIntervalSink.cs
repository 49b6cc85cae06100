using System.IO.Pipelines;
using Renkei.Domain.Time;
using Renkei.Formats.Market;
using Renkei.Metering.Engine;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Provision;

/// <summary>
/// The market's XML (<c>application/xml</c>, MS932) as a bulk sink: hands each value to the
/// <see cref="MarketXmlWriter"/>, which knows the file's shape and leaves out what the market has no item for (a
/// value's quality and version stay in JSON, CSV and the feed), writing into the pipe.
/// </summary>
internal sealed class XmlIntervalSink : IntervalSink
{
    private readonly MarketXmlWriter xml;

    public XmlIntervalSink(PipeWriter output)
        : base(output) =>
        xml = new MarketXmlWriter(new BufferWriterStream(output));

    public override bool DayIsSlotMajor => true;

    public override void BeginIntervals(DocumentInfo info) => xml.BeginIntervals(Header(info), info.Date, info.Slot);

    public override void BeginDaySlot(int slot) => xml.BeginDaySlot(slot);

    public override void EndDaySlot() => xml.EndDaySlot();

    public override void SlotValue(string supplyPoint, VoltageClass voltage, int slot, in IntervalValue value) =>
        xml.SlotValue(supplyPoint, voltage, value.Energy);

    public override void BeginUsage(DocumentInfo info, int year, int month) => xml.BeginUsage(Header(info), year, month);

    public override void UsagePoint(string supplyPoint, VoltageClass voltage, in UsageSummary summary, UsagePeriod period, ReadOnlySpan<IntervalValue> values)
    {
        // Only fixed periods are written (the caller skips the rest); the metering node holds no customer items, so
        // none are written (docs/formats.md).
        if (xml.BeginUsagePoint(supplyPoint, voltage, summary.WholePeriod, summary.Fixed, Kwh.FromUnits(summary.TotalUnits), period.NextReading))
        {
            for (var d = 0; d < period.Days; d++)
            {
                if (!summary.Held(d))
                {
                    continue;
                }

                xml.BeginUsageDay(period.From.AddDays(d));
                var slots = values.Slice(d * Slot.PerDay, Slot.PerDay);
                for (var k = 0; k < slots.Length; k++)
                {
                    xml.UsageSlot(k + 1, slots[k].Energy ?? throw new InvalidOperationException("a complete period has a value in every slot"));
                }

                xml.EndUsageDay();
            }
        }

        xml.EndUsagePoint();
    }

    public override void EndDocument() => xml.EndDocument();

    protected override void FlushWriter() => xml.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            xml.Dispose();
        }

        base.Dispose(disposing);
    }

    private static MarketHeader Header(DocumentInfo info) => new(info.InformationType, info.SenderCode, info.SenderName, info.Receiver, info.Created);
}
