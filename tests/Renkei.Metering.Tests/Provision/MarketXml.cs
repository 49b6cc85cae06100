using System.Globalization;
using System.Xml.Linq;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// An importer of the market XML written from docs/formats.md alone (not from the writer's code): it walks the
/// documented element names with <see cref="XDocument"/> and fails on anything the documentation does not say.
/// This is what a retailer's system would do with our files.
/// </summary>
internal static class MarketXml
{
    public sealed record Header(string InformationType, string Sender, string SenderName, string Receiver, string Created);

    public sealed record Value(string SupplyPointId, int Slot, string Status, decimal? Kwh, bool HighVoltage, string Quality, long Version);

    public sealed record Intervals(Header Header, string Date, int? Slot, IReadOnlyList<Value> Values);

    public sealed record UsageDay(string Date, IReadOnlyList<Value> Slots);

    public sealed record UsagePoint(string SupplyPointId, string Provision, decimal Kwh, bool HighVoltage, string NextReading, IReadOnlyList<UsageDay> Days);

    public sealed record Usage(Header Header, string Month, IReadOnlyList<UsagePoint> Points);

    /// <summary>A 30-minute energy document: one slot (JPM00010 records per supply point) or a past day (slots over supply points).</summary>
    public static Intervals ReadIntervals(string xml)
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

            return new Intervals(header, date, slot, values);
        }

        foreach (var slotRecord in list.Elements())
        {
            Assert.Equal("JPMR00010", slotRecord.Name.LocalName);
            var slot = int.Parse(Text(slotRecord, "JP06219"), CultureInfo.InvariantCulture);
            foreach (var record in Single(slotRecord, "JPM00011").Elements())
            {
                Assert.Equal("JPMR00011", record.Name.LocalName);
                values.Add(ValueOf(record, slot));
            }
        }

        return new Intervals(header, date, null, values);
    }

    /// <summary>A fixed-usage document: per supply point (JPM00012) its month, days (JPM00013) over slots (JPM00014).</summary>
    public static Usage ReadUsage(string xml)
    {
        var (header, body) = Open(xml);
        var month = Text(body, "JP06401");
        var points = new List<UsagePoint>();
        foreach (var record in Single(body, "JPM00012").Elements())
        {
            Assert.Equal("JPMR00012", record.Name.LocalName);
            var point = Text(record, "JP06400");
            var high = record.Element("JP06426") is not null;
            var total = decimal.Parse(high ? Text(record, "JP06426") : Text(record, "JP06427"), CultureInfo.InvariantCulture);
            var days = new List<UsageDay>();
            foreach (var day in Single(record, "JPM00013").Elements())
            {
                Assert.Equal("JPMR00013", day.Name.LocalName);
                var slots = new List<Value>();
                foreach (var slot in Single(day, "JPM00014").Elements())
                {
                    Assert.Equal("JPMR00014", slot.Name.LocalName);
                    var n = int.Parse(Text(slot, "JP06219"), CultureInfo.InvariantCulture);
                    var kwh = (string?)slot.Element(high ? "JP06424" : "JP06425");
                    slots.Add(new Value(point, n, Text(slot, "JP06122"), kwh is null ? null : decimal.Parse(kwh, CultureInfo.InvariantCulture), high, Text(slot, "RK00001"), long.Parse(Text(slot, "RK00002"), CultureInfo.InvariantCulture)));
                }

                days.Add(new UsageDay(Text(day, "JP06423"), slots));
            }

            points.Add(new UsagePoint(point, Text(record, "JP06405"), total, high, Text(record, "JP06446"), days));
        }

        return new Usage(header, month, points);
    }

    private static (Header Header, XElement Body) Open(string xml)
    {
        var document = XDocument.Parse(xml);
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
        return (header, body);
    }

    private static Value ValueOf(XElement record, int slot)
    {
        var point = Text(record, "JP06400");
        Assert.Equal(22, point.Length);
        var status = Text(record, "JP06122");
        var high = (string?)record.Element("JP06123");
        var low = (string?)record.Element("JP06125");
        Assert.False(high is not null && low is not null, "a record carries JP06123 or JP06125, not both");
        var kwh = high ?? low;
        Assert.Equal(status is "0" or "1", kwh is not null);
        return new Value(
            point,
            slot,
            status,
            kwh is null ? null : decimal.Parse(kwh, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
            high is not null,
            Text(record, "RK00001"),
            long.Parse(Text(record, "RK00002"), CultureInfo.InvariantCulture));
    }

    private static XElement Single(XElement parent, string name)
    {
        var found = parent.Elements(name).ToList();
        Assert.True(found.Count == 1, $"{parent.Name.LocalName} must hold exactly one {name}, found {found.Count}");
        return found[0];
    }

    private static string Text(XElement parent, string name) => Single(parent, name).Value;
}
