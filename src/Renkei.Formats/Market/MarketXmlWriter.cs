using System.Globalization;
using System.Text;
using System.Xml;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Registry;
using Renkei.Formats.Text;

namespace Renkei.Formats.Market;

/// <summary>
/// Writes the market's XML files of 30-minute energy (W4…: one slot, or a past day) and fixed usage (W5…):
/// <c>SBD-MSG/JPMGRP</c> with the header <c>JPMGH</c> (CII fields <c>JPC01</c>…<c>JPC17</c>) and the body
/// <c>JPTRM</c> whose elements are named by item IDs; element by element in docs/formats.md. Values are formatted into
/// one reused char buffer, so no value allocates.
/// <para>
/// Call order: a slot file is <see cref="BeginIntervals"/>, <see cref="SlotValue"/>…, <see cref="EndDocument"/>; a
/// day file nests <see cref="BeginDaySlot"/>, <see cref="SlotValue"/>…, <see cref="EndDaySlot"/> per slot; a
/// fixed-usage file is <see cref="BeginUsage"/>, then per supply point <see cref="BeginUsagePoint"/>, per day held
/// <see cref="BeginUsageDay"/>, <see cref="UsageSlot"/> ×48, <see cref="EndUsageDay"/>, and <see cref="EndUsagePoint"/>.
/// </para>
/// </summary>
public sealed class MarketXmlWriter : IDisposable
{
    /// <summary>Renkei's own items, after the market's in each record: the value's quality name and version.</summary>
    public const string QualityItem = "RK00001";

    public const string VersionItem = "RK00002";

    private readonly XmlWriter xml;
    private readonly char[] buffer = new char[32];
    private bool day;
    private bool usageHigh;

    /// <summary>Writes UTF-8 without a byte order mark into <paramref name="output"/>, which it leaves open.</summary>
    public MarketXmlWriter(Stream output) =>
        xml = XmlWriter.Create(output, new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = false,
            CloseOutput = false,
        });

    /// <summary>JP06122 status: "0" a value (actual), "1" an estimated value, "9" no value (missing or invalid).</summary>
    public static string StatusOf(Quality quality) => quality switch
    {
        Quality.Actual => "0",
        Quality.Estimated => "1",
        _ => "9",
    };

    /// <summary>Starts a 30-minute energy file: one slot of <paramref name="date"/>, or the whole day when <paramref name="slot"/> is null.</summary>
    public void BeginIntervals(MarketHeader header, DateOnly date, int? slot)
    {
        ArgumentNullException.ThrowIfNull(header);
        Header(header);
        Date("JP06116", date);
        if (slot is { } n)
        {
            Whole("JP06219", n);
        }

        day = slot is null;
        xml.WriteStartElement("JPM00010");
    }

    /// <summary>Day files only: the slot whose values follow.</summary>
    public void BeginDaySlot(int slot)
    {
        xml.WriteStartElement("JPMR00010");
        Whole("JP06219", slot);
        xml.WriteStartElement("JPM00011");
    }

    public void EndDaySlot()
    {
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>One supply point's value in the file's slot (or, in a day file, in the current slot).</summary>
    public void SlotValue(string supplyPoint, VoltageClass voltage, Kwh? energy, Quality quality, long version)
    {
        xml.WriteStartElement(day ? "JPMR00011" : "JPMR00010");
        xml.WriteElementString("JP06400", supplyPoint);
        Value(voltage == VoltageClass.Low ? "JP06125" : "JP06123", energy, quality, version);
        xml.WriteEndElement();
    }

    /// <summary>Starts a fixed-usage (確定使用量) file for a month (JP06401).</summary>
    public void BeginUsage(MarketHeader header, int year, int month)
    {
        ArgumentNullException.ThrowIfNull(header);
        Header(header);
        xml.WriteElementString("JP06401", string.Create(CultureInfo.InvariantCulture, $"{year:D4}{month:D2}"));
        xml.WriteStartElement("JPM00012");
    }

    /// <summary>
    /// One supply point's month: whether its usage can be provided for the whole month (JP06405 "0"), the month's
    /// total and the next reading day (JP06446).
    /// </summary>
    public void BeginUsagePoint(string supplyPoint, VoltageClass voltage, bool wholeMonth, Kwh total, DateOnly nextReading)
    {
        usageHigh = voltage != VoltageClass.Low;
        xml.WriteStartElement("JPMR00012");
        xml.WriteElementString("JP06400", supplyPoint);
        xml.WriteElementString("JP06405", wholeMonth ? "0" : "1");
        Fixed(usageHigh ? "JP06426" : "JP06427", total);
        Date("JP06446", nextReading);
        xml.WriteStartElement("JPM00013");
    }

    public void BeginUsageDay(DateOnly date)
    {
        xml.WriteStartElement("JPMR00013");
        Date("JP06423", date);
        xml.WriteStartElement("JPM00014");
    }

    public void UsageSlot(int slot, Kwh? energy, Quality quality, long version)
    {
        xml.WriteStartElement("JPMR00014");
        Whole("JP06219", slot);
        Value(usageHigh ? "JP06424" : "JP06425", energy, quality, version);
        xml.WriteEndElement();
    }

    public void EndUsageDay()
    {
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    public void EndUsagePoint()
    {
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    public void EndDocument()
    {
        xml.WriteEndDocument();
        xml.Flush();
    }

    /// <summary>Moves what the XML writer buffers into the stream.</summary>
    public void Flush() => xml.Flush();

    public void Dispose() => xml.Dispose();

    private void Header(MarketHeader header)
    {
        xml.WriteStartDocument();
        xml.WriteStartElement("SBD-MSG");
        xml.WriteStartElement("JPMGRP");
        xml.WriteStartElement("JPMGH");
        var created = Jst.ToJst(header.Created).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        string[] cii =
        [
            "0",                       // JPC01 record split flag: not split
            "H",                       // JPC02 record kind: header
            "P",                       // JPC03 operation mode: production
            header.SenderCode,         // JPC04 sender centre code
            header.SenderCode,         // JPC05 sender code
            header.Receiver,           // JPC06 receiver centre code
            header.Receiver,           // JPC07 receiver code
            "RENKEI",                  // JPC08 BP identification: organisation
            "30MIN",                   // JPC09 BP identification: sub-organisation
            "1.0",                     // JPC10 BP identification: version
            header.InformationType,    // JPC11 information type code
            "1",                       // JPC12 first total item number
            "JPMGRP" + header.InformationType, // JPC13 format ID
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
        xml.WriteElementString("JP00002", header.InformationType);
        xml.WriteElementString("JP06110", header.SenderCode);
        xml.WriteElementString("JP06111", header.SenderName);
        xml.WriteElementString("JP06112", header.Receiver);
    }

    private void Value(string item, Kwh? energy, Quality quality, long version)
    {
        xml.WriteElementString("JP06122", StatusOf(quality));
        if (energy is { } e)
        {
            Fixed(item, e);
        }

        xml.WriteElementString(QualityItem, quality.ToName());
        Whole(VersionItem, version);
    }

    private void Fixed(string item, Kwh value)
    {
        var n = KwhText.FormatFixed(value, buffer.AsSpan());
        Chars(item, n);
    }

    private void Whole(string item, long value)
    {
        value.TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture);
        Chars(item, n);
    }

    private void Date(string item, DateOnly date)
    {
        DateText.TryFormatMarket(date, buffer, out var n);
        Chars(item, n);
    }

    private void Chars(string item, int length)
    {
        xml.WriteStartElement(item);
        xml.WriteChars(buffer, 0, length);
        xml.WriteEndElement();
    }
}
