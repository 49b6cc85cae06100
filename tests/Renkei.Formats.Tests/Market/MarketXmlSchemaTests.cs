using System.Text;
using Renkei.Formats.Market;

namespace Renkei.Formats.Tests.Market;

/// <summary>The schema accepts the market's items and codes only, and says where a document breaks it.</summary>
public sealed class MarketXmlSchemaTests
{
    private const string Head =
        "<SBD-MSG><JPMGRP><JPMGH><JPC01>0</JPC01><JPC02>H</JPC02><JPC03>P</JPC03><JPC04>TS003</JPC04><JPC05>TS003</JPC05>"
        + "<JPC06>R0001</JPC06><JPC07>R0001</JPC07><JPC08>RENKEI</JPC08><JPC09>30MIN</JPC09><JPC10>1.0</JPC10><JPC11>1110</JPC11>"
        + "<JPC12>1</JPC12><JPC13>JPMGRP1110</JPC13><JPC14>20261126100203</JPC14><JPC15>1</JPC15><JPC16>0</JPC16><JPC17>0</JPC17></JPMGH>"
        + "<JPTRM><JP00002>1110</JP00002><JP06110>TS003</JP06110><JP06111>Renkei TSO</JP06111><JP06112>R0001</JP06112>"
        + "<JP06116>20261126</JP06116><JP06219>3</JP06219><JPM00010>";

    private const string Tail = "</JPM00010></JPTRM></JPMGRP></SBD-MSG>";

    private const string Point = "<JP06400>0310000000000000000001</JP06400>";

    [Fact]
    public void OneSlotRecord_OfMarketItems_IsValid()
    {
        Assert.Empty(Validate($"<JPMR00010>{Point}<JP06122>0</JP06122><JP06125>0.1000</JP06125></JPMR00010>"));
    }

    [Fact]
    public void RenkeisOwnElementInARecord_IsAnError()
    {
        var errors = Validate($"<JPMR00010>{Point}<JP06122>0</JP06122><JP06125>0.1000</JP06125><RK00001>actual</RK00001></JPMR00010>");

        var error = Assert.Single(errors);
        Assert.Contains("RK00001", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.True(error.Position > Head.Length, error.ToString());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("9")]
    public void InventedStatusCode_IsAnError(string code)
    {
        var error = Assert.Single(Validate($"<JPMR00010>{Point}<JP06122>{code}</JP06122><JP06125>0.1000</JP06125></JPMR00010>"));

        Assert.Contains("JP06122", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusWithoutItsValue_IsAnError()
    {
        Assert.NotEmpty(Validate($"<JPMR00010>{Point}<JP06122>0</JP06122></JPMR00010>"));
    }

    [Fact]
    public void UsageRecord_WithAnUnknownProvisionOrAllocationCode_IsAnError()
    {
        Assert.Empty(Validate($"<JPMR00010>{Point}<JP06403>低圧</JP06403><JP06404>2</JP06404><JP06405>1</JP06405></JPMR00010>"));
        Assert.NotEmpty(Validate($"<JPMR00010>{Point}<JP06404>3</JP06404><JP06405>0</JP06405></JPMR00010>"));
        Assert.NotEmpty(Validate($"<JPMR00010>{Point}<JP06404>1</JP06404><JP06405>2</JP06405></JPMR00010>"));
    }

    [Fact]
    public void VoltageClassName_OfFiveCharacters_IsAnError()
    {
        // The schema counts characters; the four-byte MS932 limit is the writer's (MarketXmlWriterTests).
        Assert.NotEmpty(Validate($"<JPMR00010>{Point}<JP06403>特別高圧線</JP06403><JP06404>1</JP06404><JP06405>1</JP06405></JPMR00010>"));
    }

    [Fact]
    public void NotWellFormed_IsOneErrorWhereReadingStopped()
    {
        var errors = MarketXmlSchema.Validate(new MemoryStream(Encoding.UTF8.GetBytes("<SBD-MSG>\n<JPMGRP>\n</SBD-MSG>")));

        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("line 3, position ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Shift_JisDocument_IsReadByItsDeclaration()
    {
        var text = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>" + Head
            + $"<JPMR00010>{Point}<JP06120>山田</JP06120><JP06122>0</JP06122><JP06125>0.1000</JP06125></JPMR00010>" + Tail;

        Assert.Empty(MarketXmlSchema.Validate(new MemoryStream(MarketEncoding.Ms932.GetBytes(text))));
    }

    private static IReadOnlyList<MarketXmlError> Validate(string records) =>
        MarketXmlSchema.Validate(new MemoryStream(Encoding.UTF8.GetBytes(Head + records + Tail)));
}
