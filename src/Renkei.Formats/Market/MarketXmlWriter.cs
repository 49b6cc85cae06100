using System.Globalization;
using System.Xml;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Registry;
using Renkei.Formats.Text;

namespace Renkei.Formats.Market;

/// <summary>
/// Writes the market's XML files of 30-minute energy (W4…: one slot, or a past day) and fixed usage (W5…):
/// <c>SBD-MSG/JPMGRP</c> with the header <c>JPMGH</c> (CII fields <c>JPC01</c>…<c>JPC17</c>) and the body
/// <c>JPTRM</c> whose elements are named by item IDs, in MS932 (<see cref="MarketEncoding"/>). Only the market's
/// items and code values (<see cref="MarketItems"/>): a fact the market has no item for (a value's quality or
/// version) is not in the file. Element by element in docs/formats.md; the schema is <see cref="MarketXmlSchema"/>.
/// Values are formatted into one reused char buffer, so no value allocates.
/// <para>
/// Call order: a slot file is <see cref="BeginIntervals"/>, <see cref="SlotValue"/>…, <see cref="EndDocument"/>; a
/// day file nests <see cref="BeginDaySlot"/>, <see cref="SlotValue"/>…, <see cref="EndDaySlot"/> per slot; a
/// fixed-usage file is <see cref="BeginUsage"/>, then per supply point <see cref="BeginUsagePoint"/> and, when it
/// answers true, per day held <see cref="BeginUsageDay"/>, <see cref="UsageSlot"/> ×48, <see cref="EndUsageDay"/>;
/// then <see cref="EndUsagePoint"/>.
/// </para>
/// </summary>
public sealed class MarketXmlWriter : IDisposable
{
    private readonly XmlWriter xml;
    private readonly char[] buffer = new char[32];
    private bool day;
    private bool usageDays;

    /// <summary>Writes MS932, declared <c>shift_jis</c>, into <paramref name="output"/>, which it leaves open.</summary>
    public MarketXmlWriter(Stream output) =>
        xml = XmlWriter.Create(output, new XmlWriterSettings
        {
            Encoding = MarketEncoding.Ms932Writing,
            Indent = false,
            CloseOutput = false,
        });

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

    /// <summary>
    /// One supply point's value in the file's slot (or, in a day file, in the current slot): JP06122 "0" and the kWh
    /// (JP06125 low, JP06123 high). A point without a value (missing, invalid, unpublished) has no record: the market's
    /// one public status code says a value is present, and importers read nothing from any other.
    /// </summary>
    public void SlotValue(string supplyPoint, VoltageClass voltage, Kwh? energy, MarketPointItems? items = null)
    {
        if (energy is not { } e)
        {
            return;
        }

        xml.WriteStartElement(day ? "JPMR00011" : "JPMR00010");
        xml.WriteElementString("JP06400", supplyPoint);
        Customer(items ?? MarketPointItems.None);
        xml.WriteElementString("JP06122", MarketItems.ValuePresent);
        Fixed(voltage == VoltageClass.Low ? "JP06125" : "JP06123", e);
        xml.WriteEndElement();
    }

    /// <summary>Starts a fixed-usage (確定使用量) file for a month (JP06401).</summary>
    public void BeginUsage(MarketHeader header, int year, int month)
    {
        ArgumentNullException.ThrowIfNull(header);
        Header(header);
        xml.WriteElementString("JP06401", string.Create(CultureInfo.InvariantCulture, $"{year:D4}{month:D2}"));
        xml.WriteStartElement("JPM00010");
    }

    /// <summary>
    /// One supply point's period: its items, JP06403 its voltage class name, JP06404 whether the retailer's part is the
    /// whole period ("1") or part of it ("2"), JP06405 whether its usage can be provided ("0") or not ("1"). Only a
    /// providable point goes on with its total (JP06426), the next reading day (JP06446) and its days: answers whether
    /// the days follow.
    /// </summary>
    public bool BeginUsagePoint(string supplyPoint, VoltageClass voltage, bool wholePeriod, bool providable, Kwh total, DateOnly nextReading, MarketPointItems? items = null)
    {
        items ??= MarketPointItems.None;

        xml.WriteStartElement("JPMR00010");
        xml.WriteElementString("JP06400", supplyPoint);
        Customer(items);
        if (items.SupplyPointName is { } name)
        {
            xml.WriteElementString(MarketItems.SupplyPointName, name);
        }

        xml.WriteElementString(MarketItems.VoltageClassNameItem, MarketItems.VoltageClassName(voltage));
        xml.WriteElementString("JP06404", wholePeriod ? MarketItems.WholePeriod : MarketItems.PartialPeriod);
        xml.WriteElementString("JP06405", providable ? MarketItems.Providable : MarketItems.NotProvidable);
        usageDays = providable;
        if (providable)
        {
            Fixed("JP06426", total);
            Date("JP06446", nextReading);
            xml.WriteStartElement("JPM00013");
        }

        return providable;
    }

    public void BeginUsageDay(DateOnly date)
    {
        xml.WriteStartElement("JPMR00013");
        Date("JP06423", date);
        xml.WriteStartElement("JPM00014");
    }

    /// <summary>One slot of a providable point's day: JP06219 and its kWh (JP06424), for either voltage class.</summary>
    public void UsageSlot(int slot, Kwh energy)
    {
        xml.WriteStartElement("JPMR00014");
        Whole("JP06219", slot);
        Fixed("JP06424", energy);
        xml.WriteEndElement();
    }

    public void EndUsageDay()
    {
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    public void EndUsagePoint()
    {
        if (usageDays)
        {
            xml.WriteEndElement();
            usageDays = false;
        }

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

    private void Customer(MarketPointItems items)
    {
        if (items.CustomerCode is { } code)
        {
            xml.WriteElementString(MarketItems.CustomerCode, code);
        }

        if (items.CustomerName is { } name)
        {
            xml.WriteElementString(MarketItems.CustomerName, name);
        }
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
