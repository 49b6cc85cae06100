using System.Text;
using System.Xml.Linq;
using Renkei.Domain.Energy;
using Renkei.Formats.Market;
using Renkei.Formats.Registry;

namespace Renkei.Formats.Tests.Market;

public sealed class MarketXmlWriterTests
{
    private const string Point = "0300111122223333444455";
    private static readonly MarketHeader Header = new("W41110", "TSO03", "Tokyo TSO", "RET01", new DateTimeOffset(2026, 11, 26, 1, 2, 3, TimeSpan.Zero));

    [Fact]
    public void SlotFile_IsWrittenExactlyAsDocumented()
    {
        var text = Write(xml =>
        {
            xml.BeginIntervals(Header, new DateOnly(2026, 11, 26), 3);
            xml.SlotValue(Point, VoltageClass.Low, Kwh.FromUnits(12_300), Quality.Actual, 7);
            xml.SlotValue(Point, VoltageClass.High, null, Quality.Missing, 0);
            xml.EndDocument();
        });

        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><SBD-MSG><JPMGRP><JPMGH>"
            + "<JPC01>0</JPC01><JPC02>H</JPC02><JPC03>P</JPC03><JPC04>TSO03</JPC04><JPC05>TSO03</JPC05><JPC06>RET01</JPC06>"
            + "<JPC07>RET01</JPC07><JPC08>RENKEI</JPC08><JPC09>30MIN</JPC09><JPC10>1.0</JPC10><JPC11>W41110</JPC11><JPC12>1</JPC12>"
            + "<JPC13>JPMGRPW41110</JPC13><JPC14>20261126100203</JPC14><JPC15>1</JPC15><JPC16>0</JPC16><JPC17>0</JPC17></JPMGH>"
            + "<JPTRM><JP00002>W41110</JP00002><JP06110>TSO03</JP06110><JP06111>Tokyo TSO</JP06111><JP06112>RET01</JP06112>"
            + "<JP06116>20261126</JP06116><JP06219>3</JP06219><JPM00010>"
            + "<JPMR00010><JP06400>" + Point + "</JP06400><JP06122>0</JP06122><JP06125>1.2300</JP06125><RK00001>actual</RK00001><RK00002>7</RK00002></JPMR00010>"
            + "<JPMR00010><JP06400>" + Point + "</JP06400><JP06122>9</JP06122><RK00001>missing</RK00001><RK00002>0</RK00002></JPMR00010>"
            + "</JPM00010></JPTRM></JPMGRP></SBD-MSG>",
            text);
    }

    [Fact]
    public void UsageFile_NestsDaysOverSlotsUnderEachSupplyPoint()
    {
        var text = Write(xml =>
        {
            xml.BeginUsage(Header with { InformationType = "W51220" }, 2026, 11);
            xml.BeginUsagePoint(Point, VoltageClass.High, wholeMonth: false, Kwh.FromUnits(-5), new DateOnly(2026, 12, 3));
            xml.BeginUsageDay(new DateOnly(2026, 11, 2));
            xml.UsageSlot(1, Kwh.FromUnits(5), Quality.Estimated, 2);
            xml.EndUsageDay();
            xml.EndUsagePoint();
            xml.EndDocument();
        });

        var point = XDocument.Parse(text).Root!.Element("JPMGRP")!.Element("JPTRM")!.Element("JPM00012")!.Element("JPMR00012")!;
        Assert.Equal("202611", XDocument.Parse(text).Descendants("JP06401").Single().Value);
        Assert.Equal(("1", "-0.0005", "20261203"), (point.Element("JP06405")!.Value, point.Element("JP06426")!.Value, point.Element("JP06446")!.Value));
        var day = point.Element("JPM00013")!.Element("JPMR00013")!;
        Assert.Equal("20261102", day.Element("JP06423")!.Value);
        var slot = day.Element("JPM00014")!.Element("JPMR00014")!;
        Assert.Equal(("1", "1", "0.0005", "estimated"), (slot.Element("JP06219")!.Value, slot.Element("JP06122")!.Value, slot.Element("JP06424")!.Value, slot.Element("RK00001")!.Value));
    }

    private static string Write(Action<MarketXmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var xml = new MarketXmlWriter(stream))
        {
            write(xml);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
