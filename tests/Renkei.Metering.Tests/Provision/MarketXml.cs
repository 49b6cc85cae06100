using System.Globalization;
using System.Xml.Linq;
using Renkei.Formats.Market;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// An importer of the market XML written from docs/formats.md alone (not from the writer's code): it first validates
/// the document against the market schema, then walks the documented element names with <see cref="XDocument"/>
/// (reading the encoding from the declaration) and fails on anything the documentation does not say. This is what a
/// retailer's system would do with our files.
/// </summary>
internal static class MarketXml
{
    public sealed record Header(string InformationType, string Sender, string SenderName, string Receiver, string Created);

    public sealed record Value(string SupplyPointId, int Slot, decimal Kwh, bool HighVoltage);

    /// <summary><paramref name="DaySlots"/>: a day file's slot groups, in order (empty for one slot).</summary>
    public sealed record Intervals(Header Header, string Date, int? Slot, IReadOnlyList<int> DaySlots, IReadOnlyList<Value> Values);

    public sealed record UsageSlot(int Slot, decimal Kwh);

    public sealed record UsageDay(string Date, IReadOnlyList<UsageSlot> Slots);

    /// <summary>A supply point's period: JP06403, JP06404 (1 whole, 2 partial), JP06405 (0 provided); the rest only when provided.</summary>
    public sealed record UsagePoint(string SupplyPointId, string VoltageClassName, string Allocation, string Provision, decimal? Kwh, string? NextReading, IReadOnlyList<UsageDay> Days);

    public sealed record Usage(Header Header, string Month, IReadOnlyList<UsagePoint> Points);

    /// <summary>A 30-minute energy document: one slot (JPM00010 records per supply point) or a past day (slots over supply points).</summary>
    public static Intervals ReadIntervals(byte[] xml)
    {
        var (header, body) = Open(xml);
        var date = Text(body, "JP06116");
        Assert.Matches("^[0-9]{8}$", date);
        var slotText = (string?)body.Element("JP06219");
        var values = new List<Value>();
        var list = Single(body, "JPM00010");
        if (slotText is not null)
        {
            var slot = int.Parse(slotText, CultureInfo.InvariantCulture);
            foreach (var record in list.Elements())
            {
                Assert.Equal("JPMR00010", record.Name.LocalName);
                values.Add(ValueOf(record, slot));
            }

            return new Intervals(header, date, slot, [], values);
        }

        var daySlots = new List<int>();
        foreach (var slotRecord in list.Elements())
        {
            Assert.Equal("JPMR00010", slotRecord.Name.LocalName);
            var slot = int.Parse(Text(slotRecord, "JP06219"), CultureInfo.InvariantCulture);
            daySlots.Add(slot);
            foreach (var record in Single(slotRecord, "JPM00011").Elements())
            {
                Assert.Equal("JPMR00011", record.Name.LocalName);
                values.Add(ValueOf(record, slot));
            }
        }

        return new Intervals(header, date, null, daySlots, values);
    }

    /// <summary>A fixed-usage document: per supply point (JPM00010/JPMR00010) its period, days (JPM00013) over slots (JPM00014).</summary>
    public static Usage ReadUsage(byte[] xml)
    {
        var (header, body) = Open(xml);
        var month = Text(body, "JP06401");
        var points = new List<UsagePoint>();
        foreach (var record in Single(body, "JPM00010").Elements())
        {
            Assert.Equal("JPMR00010", record.Name.LocalName);
            var point = Text(record, "JP06400");
            var provision = Text(record, "JP06405");
            var days = new List<UsageDay>();
            var total = (string?)record.Element("JP06426");
            if (provision != "0")
            {
                Assert.Equal("1", provision);
                Assert.Equal(["JP06400", "JP06403", "JP06404", "JP06405"], record.Elements().Select(e => e.Name.LocalName));
            }
            else
            {
                foreach (var day in Single(record, "JPM00013").Elements())
                {
                    Assert.Equal("JPMR00013", day.Name.LocalName);
                    var slots = new List<UsageSlot>();
                    foreach (var slot in Single(day, "JPM00014").Elements())
                    {
                        Assert.Equal("JPMR00014", slot.Name.LocalName);
                        slots.Add(new UsageSlot(int.Parse(Text(slot, "JP06219"), CultureInfo.InvariantCulture), Kwh(Text(slot, "JP06424"))));
                    }

                    days.Add(new UsageDay(Text(day, "JP06423"), slots));
                }
            }

            points.Add(new UsagePoint(point, Text(record, "JP06403"), Text(record, "JP06404"), provision, total is null ? null : Kwh(total), (string?)record.Element("JP06446"), days));
        }

        return new Usage(header, month, points);
    }

    private static (Header Header, XElement Body) Open(byte[] xml)
    {
        var errors = MarketXmlSchema.Validate(new MemoryStream(xml));
        Assert.True(errors.Count == 0, "not valid against the market schema: " + string.Join("; ", errors));
        MarketEncoding.RegisterCodePages();
        var document = XDocument.Load(new MemoryStream(xml));
        Assert.Equal("shift_jis", document.Declaration?.Encoding, ignoreCase: true);
        Assert.Equal("SBD-MSG", document.Root!.Name.LocalName);
        var group = Single(document.Root, "JPMGRP");
        var mgh = Single(group, "JPMGH");

        // Seventeen CII header fields, JPC01..JPC17, in the documented order.
        var cii = mgh.Elements().ToList();
        Assert.Equal(17, cii.Count);
        for (var i = 0; i < cii.Count; i++)
        {
            Assert.Equal($"JPC{i + 1:D2}", cii[i].Name.LocalName);
        }

        var body = Single(group, "JPTRM");
        var header = new Header(Text(body, "JP00002"), Text(body, "JP06110"), Text(body, "JP06111"), Text(body, "JP06112"), cii[13].Value);
        Assert.Equal(4, header.InformationType.Length);
        Assert.Equal(5, header.Sender.Length);
        Assert.Equal(5, header.Receiver.Length);
        Assert.Equal(header.InformationType, cii[10].Value);
        Assert.Equal(header.Sender, cii[4].Value);
        Assert.Equal(header.Receiver, cii[6].Value);

        // Only the market's items: every element name is a JP/JPC/JPM item ID.
        Assert.All(document.Root.Descendants(), e => Assert.Matches("^(JP[0-9]{5}|JPC[0-9]{2}|JPMGRP|JPMGH|JPTRM|JPMR?[0-9]{5})$", e.Name.LocalName));
        return (header, body);
    }

    private static Value ValueOf(XElement record, int slot)
    {
        var point = Text(record, "JP06400");
        Assert.Equal(22, point.Length);
        Assert.Equal("0", Text(record, "JP06122"));
        var high = (string?)record.Element("JP06123");
        var low = (string?)record.Element("JP06125");
        Assert.True(high is null != (low is null), "a record carries JP06123 or JP06125, exactly one");
        return new Value(point, slot, Kwh((high ?? low)!), high is not null);
    }

    private static decimal Kwh(string text) => decimal.Parse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static XElement Single(XElement parent, string name)
    {
        var found = parent.Elements(name).ToList();
        Assert.True(found.Count == 1, $"{parent.Name.LocalName} must hold exactly one {name}, found {found.Count}");
        return found[0];
    }

    private static string Text(XElement parent, string name) => Single(parent, name).Value;
}
