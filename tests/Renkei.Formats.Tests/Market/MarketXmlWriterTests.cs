using System.Xml.Linq;
using Renkei.Domain.Energy;
using Renkei.Formats.Market;
using Renkei.Formats.Registry;

namespace Renkei.Formats.Tests.Market;

public sealed class MarketXmlWriterTests
{
    private const string Point = "0300111122223333444455";
    private static readonly MarketHeader Header = new("1110", "TSO03", "Tokyo TSO", "RET01", new DateTimeOffset(2026, 11, 26, 1, 2, 3, TimeSpan.Zero));

    [Fact]
    public void SlotFile_IsWrittenExactlyAsDocumented_InMs932_WithOnlyMarketItems()
    {
        var bytes = Write(xml =>
        {
            xml.BeginIntervals(Header, new DateOnly(2026, 11, 26), 3);
            xml.SlotValue(Point, VoltageClass.Low, Kwh.FromUnits(12_300));
            xml.SlotValue(Point, VoltageClass.High, null);
            xml.SlotValue(Point, VoltageClass.High, Kwh.FromUnits(5));
            xml.EndDocument();
        });

        var expected =
            "<?xml version=\"1.0\" encoding=\"shift_jis\"?><SBD-MSG><JPMGRP><JPMGH>"
            + "<JPC01>0</JPC01><JPC02>H</JPC02><JPC03>P</JPC03><JPC04>TSO03</JPC04><JPC05>TSO03</JPC05><JPC06>RET01</JPC06>"
            + "<JPC07>RET01</JPC07><JPC08>RENKEI</JPC08><JPC09>30MIN</JPC09><JPC10>1.0</JPC10><JPC11>1110</JPC11><JPC12>1</JPC12>"
            + "<JPC13>JPMGRP1110</JPC13><JPC14>20261126100203</JPC14><JPC15>1</JPC15><JPC16>0</JPC16><JPC17>0</JPC17></JPMGH>"
            + "<JPTRM><JP00002>1110</JP00002><JP06110>TSO03</JP06110><JP06111>Tokyo TSO</JP06111><JP06112>RET01</JP06112>"
            + "<JP06116>20261126</JP06116><JP06219>3</JP06219><JPM00010>"
            + "<JPMR00010><JP06400>" + Point + "</JP06400><JP06122>0</JP06122><JP06125>1.2300</JP06125></JPMR00010>"
            + "<JPMR00010><JP06400>" + Point + "</JP06400><JP06122>0</JP06122><JP06123>0.0005</JP06123></JPMR00010>"
            + "</JPM00010></JPTRM></JPMGRP></SBD-MSG>";
        Assert.Equal(MarketEncoding.Ms932.GetBytes(expected), bytes);
        Assert.Empty(MarketXmlSchema.Validate(new MemoryStream(bytes)));
    }

    [Fact]
    public void SlotValue_WithoutAValue_WritesNoRecord()
    {
        var bytes = Write(xml =>
        {
            xml.BeginIntervals(Header, new DateOnly(2026, 11, 26), 3);
            xml.SlotValue(Point, VoltageClass.Low, null);
            xml.EndDocument();
        });

        var list = Parse(bytes).Descendants("JPM00010").Single();
        Assert.Empty(list.Elements());
        Assert.Empty(MarketXmlSchema.Validate(new MemoryStream(bytes)));
    }

    [Fact]
    public void DayFile_NestsSlotsOverPoints_AndValidates()
    {
        var bytes = Write(xml =>
        {
            xml.BeginIntervals(Header with { InformationType = "1120" }, new DateOnly(2026, 11, 26), null);
            xml.BeginDaySlot(1);
            xml.SlotValue(Point, VoltageClass.Low, Kwh.FromUnits(1));
            xml.EndDaySlot();
            xml.BeginDaySlot(48);
            xml.EndDaySlot();
            xml.EndDocument();
        });

        var slots = Parse(bytes).Descendants("JPM00010").Single().Elements("JPMR00010").ToList();
        Assert.Equal(["1", "48"], slots.Select(s => s.Element("JP06219")!.Value));
        Assert.Equal("0.0001", slots[0].Element("JPM00011")!.Element("JPMR00011")!.Element("JP06125")!.Value);
        Assert.Empty(MarketXmlSchema.Validate(new MemoryStream(bytes)));
    }

    [Fact]
    public void SlotValue_CustomerItems_AreWrittenInMs932BetweenThePointAndTheStatus()
    {
        var items = new MarketPointItems("C-0001", "山田　太郎", null);
        var bytes = Write(xml =>
        {
            xml.BeginIntervals(Header, new DateOnly(2026, 11, 26), 3);
            xml.SlotValue(Point, VoltageClass.Low, Kwh.FromUnits(1), items);
            xml.EndDocument();
        });

        var record = Parse(bytes).Descendants("JPMR00010").Single();
        Assert.Equal(["JP06400", "JP06119", "JP06120", "JP06122", "JP06125"], record.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("山田　太郎", record.Element("JP06120")!.Value);
        var name = MarketEncoding.Ms932.GetBytes("<JP06120>山田　太郎</JP06120>");
        Assert.True(bytes.AsSpan().IndexOf(name) >= 0, "the name is in the file as MS932 bytes");
        Assert.Empty(MarketXmlSchema.Validate(new MemoryStream(bytes)));
    }

    [Fact]
    public void UsageFile_ProvidablePoint_CarriesItsPeriodDaysAndSlots()
    {
        var bytes = Write(xml =>
        {
            xml.BeginUsage(Header with { InformationType = "1220" }, 2026, 11);
            Assert.True(xml.BeginUsagePoint(Point, VoltageClass.Low, wholePeriod: true, providable: true, Kwh.FromUnits(12_345), new DateOnly(2027, 1, 1)));
            xml.BeginUsageDay(new DateOnly(2026, 11, 2));
            xml.UsageSlot(1, Kwh.FromUnits(5));
            xml.EndUsageDay();
            xml.EndUsagePoint();
            xml.EndDocument();
        });

        var document = Parse(bytes);
        Assert.Equal("202611", document.Descendants("JP06401").Single().Value);
        var point = document.Root!.Element("JPMGRP")!.Element("JPTRM")!.Element("JPM00010")!.Element("JPMR00010")!;
        Assert.Equal(
            ["JP06400", "JP06403", "JP06404", "JP06405", "JP06426", "JP06446", "JPM00013"],
            point.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(("低圧", "1", "0", "1.2345", "20270101"), (point.Element("JP06403")!.Value, point.Element("JP06404")!.Value, point.Element("JP06405")!.Value, point.Element("JP06426")!.Value, point.Element("JP06446")!.Value));
        var day = point.Element("JPM00013")!.Element("JPMR00013")!;
        Assert.Equal("20261102", day.Element("JP06423")!.Value);
        var slot = day.Element("JPM00014")!.Element("JPMR00014")!;
        Assert.Equal(["JP06219", "JP06424"], slot.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(("1", "0.0005"), (slot.Element("JP06219")!.Value, slot.Element("JP06424")!.Value));
        Assert.Empty(MarketXmlSchema.Validate(new MemoryStream(bytes)));
    }

    [Fact]
    public void UsageFile_PartialAndNotProvidable_SaysSoAndStopsThere()
    {
        var bytes = Write(xml =>
        {
            xml.BeginUsage(Header with { InformationType = "1210" }, 2026, 11);
            Assert.False(xml.BeginUsagePoint(Point, VoltageClass.ExtraHigh, wholePeriod: false, providable: false, Kwh.FromUnits(5), new DateOnly(2027, 1, 1)));
            xml.EndUsagePoint();
            Assert.True(xml.BeginUsagePoint(Point, VoltageClass.High, wholePeriod: false, providable: true, Kwh.Zero, new DateOnly(2027, 1, 1)));
            xml.EndUsagePoint();
            xml.EndDocument();
        });

        var points = Parse(bytes).Descendants("JPMR00010").ToList();
        Assert.Equal(["JP06400", "JP06403", "JP06404", "JP06405"], points[0].Elements().Select(e => e.Name.LocalName));
        Assert.Equal(("特高", "2", "1"), (points[0].Element("JP06403")!.Value, points[0].Element("JP06404")!.Value, points[0].Element("JP06405")!.Value));
        Assert.Equal(("高圧", "2", "0"), (points[1].Element("JP06403")!.Value, points[1].Element("JP06404")!.Value, points[1].Element("JP06405")!.Value));
        Assert.Empty(MarketXmlSchema.Validate(new MemoryStream(bytes)));
    }

    [Theory]
    [InlineData(VoltageClass.Low)]
    [InlineData(VoltageClass.High)]
    [InlineData(VoltageClass.ExtraHigh)]
    public void VoltageClassName_FitsJp06403sFourMs932Bytes(VoltageClass voltage)
    {
        Assert.True(MarketEncoding.TryByteCount(MarketItems.VoltageClassName(voltage), out var bytes));
        Assert.Equal(4, bytes);
    }

    private static XDocument Parse(byte[] bytes)
    {
        MarketEncoding.RegisterCodePages();
        return XDocument.Load(new MemoryStream(bytes));
    }

    private static byte[] Write(Action<MarketXmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var xml = new MarketXmlWriter(stream))
        {
            write(xml);
        }

        return stream.ToArray();
    }
}
