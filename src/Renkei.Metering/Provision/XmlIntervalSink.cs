using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Xml;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Provision;

/// <summary>
/// The market's XML (<c>application/xml</c>): <c>SBD-MSG/JPMGRP</c> with the header <c>JPMGH</c> (CII fields
/// <c>JPC01</c>…<c>JPC17</c>) and the body <c>JPTRM</c> whose elements are named by item IDs; element by element in
/// docs/formats.md. Written by an <see cref="XmlWriter"/> into the pipe; values are formatted into one reused char
/// buffer, so no value allocates.
/// </summary>
internal sealed class XmlIntervalSink : IntervalSink
{
    /// <summary>Renkei's own items, after the market's in each record: the value's quality name and version.</summary>
    public const string QualityItem = "RK00001";

    public const string VersionItem = "RK00002";

    private readonly XmlWriter xml;
    private readonly char[] buffer = new char[32];
    private bool day;

    public XmlIntervalSink(PipeWriter output)
        : base(output) =>
        xml = XmlWriter.Create(new BufferWriterStream(output), new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = false,
            CloseOutput = false,
        });

    public override bool DayIsSlotMajor => true;

    public override void BeginIntervals(DocumentInfo info)
    {
        Header(info);
        xml.WriteElementString("JP06116", info.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        if (info.Slot is { } slot)
        {
            Whole("JP06219", slot);
        }

        day = info.Slot is null;
        xml.WriteStartElement("JPM00010");
    }

    public override void BeginDaySlot(int slot)
    {
        xml.WriteStartElement("JPMR00010");
        Whole("JP06219", slot);
        xml.WriteStartElement("JPM00011");
    }

    public override void EndDaySlot()
    {
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    public override void SlotValue(string supplyPoint, VoltageClass voltage, int slot, in IntervalValue value)
    {
        xml.WriteStartElement(day ? "JPMR00011" : "JPMR00010");
        xml.WriteElementString("JP06400", supplyPoint);
        Value(voltage == VoltageClass.Low ? "JP06125" : "JP06123", value);
        xml.WriteEndElement();
    }

    public override void BeginUsage(DocumentInfo info, UsagePeriod period)
    {
        Header(info);
        xml.WriteElementString("JP06401", string.Create(CultureInfo.InvariantCulture, $"{period.Year:D4}{period.Month:D2}"));
        xml.WriteStartElement("JPM00012");
    }

    public override void UsagePoint(string supplyPoint, VoltageClass voltage, in UsageSummary summary, UsagePeriod period, ReadOnlySpan<IntervalValue> values)
    {
        var high = voltage != VoltageClass.Low;
        xml.WriteStartElement("JPMR00012");
        xml.WriteElementString("JP06400", supplyPoint);
        xml.WriteElementString("JP06405", summary.WholeMonth ? "0" : "1");
        Units(high ? "JP06426" : "JP06427", summary.TotalUnits);
        Date("JP06446", period.NextReading);
        xml.WriteStartElement("JPM00013");
        for (var d = 0; d < period.Days; d++)
        {
            if (!summary.Held(d))
            {
                continue;
            }

            xml.WriteStartElement("JPMR00013");
            Date("JP06423", period.From.AddDays(d));
            xml.WriteStartElement("JPM00014");
            var slots = values.Slice(d * Slot.PerDay, Slot.PerDay);
            for (var k = 0; k < slots.Length; k++)
            {
                xml.WriteStartElement("JPMR00014");
                Whole("JP06219", k + 1);
                Value(high ? "JP06424" : "JP06425", slots[k]);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    public override void EndDocument()
    {
        xml.WriteEndDocument();
        xml.Flush();
    }

    protected override void FlushWriter() => xml.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            xml.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>JP06122 status: "0" a value (actual), "1" an estimated value, "9" no value (missing or invalid).</summary>
    internal static string StatusOf(Quality quality) => quality switch
    {
        Quality.Actual => "0",
        Quality.Estimated => "1",
        _ => "9",
    };

    private void Header(DocumentInfo info)
    {
        xml.WriteStartDocument();
        xml.WriteStartElement("SBD-MSG");
        xml.WriteStartElement("JPMGRP");
        xml.WriteStartElement("JPMGH");
        var created = Jst.ToJst(info.Created).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        string[] cii =
        [
            "0",                       // JPC01 record split flag: not split
            "H",                       // JPC02 record kind: header
            "P",                       // JPC03 operation mode: production
            info.SenderCode,           // JPC04 sender centre code
            info.SenderCode,           // JPC05 sender code
            info.Receiver,             // JPC06 receiver centre code
            info.Receiver,             // JPC07 receiver code
            "RENKEI",                  // JPC08 BP identification: organisation
            "30MIN",                   // JPC09 BP identification: sub-organisation
            "1.0",                     // JPC10 BP identification: version
            info.InformationType,      // JPC11 information type code
            "1",                       // JPC12 first total item number
            "JPMGRP" + info.InformationType, // JPC13 format ID
            created,                   // JPC14 creation date-time (JST)
            "1",                       // JPC15 syntax ID version
            "0",                       // JPC16 extension mode: none
            "0",                       // JPC17 split mode: none
        ];
        for (var i = 0; i < cii.Length; i++)
        {
            xml.WriteElementString(string.Create(CultureInfo.InvariantCulture, $"JPC{i + 1:D2}"), cii[i]);
        }

        xml.WriteEndElement();
        xml.WriteStartElement("JPTRM");
        xml.WriteElementString("JP00002", info.InformationType);
        xml.WriteElementString("JP06110", info.SenderCode);
        xml.WriteElementString("JP06111", info.SenderName);
        xml.WriteElementString("JP06112", info.Receiver);
    }

    private void Value(string item, in IntervalValue value)
    {
        xml.WriteElementString("JP06122", StatusOf(value.Quality));
        if (value.Energy is { } e)
        {
            Units(item, e.Units);
        }

        xml.WriteElementString(QualityItem, value.Quality.ToName());
        Whole(VersionItem, value.Version);
    }

    private void Units(string item, long units)
    {
        var n = UnitsText.Format(units, buffer.AsSpan());
        xml.WriteStartElement(item);
        xml.WriteChars(buffer, 0, n);
        xml.WriteEndElement();
    }

    private void Whole(string item, long value)
    {
        var n = UnitsText.FormatWhole(value, buffer.AsSpan());
        xml.WriteStartElement(item);
        xml.WriteChars(buffer, 0, n);
        xml.WriteEndElement();
    }

    private void Date(string item, DateOnly date)
    {
        date.TryFormat(buffer, out var n, "yyyyMMdd", CultureInfo.InvariantCulture);
        xml.WriteStartElement(item);
        xml.WriteChars(buffer, 0, n);
        xml.WriteEndElement();
    }
}
