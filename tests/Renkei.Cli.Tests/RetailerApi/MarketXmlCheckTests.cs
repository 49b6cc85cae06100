using System.Text;
using Renkei.Cli.RetailerApi;

namespace Renkei.Cli.Tests.RetailerApi;

/// <summary>What <c>--validate</c> prints for a document that breaks the market schema, and for one that does not.</summary>
public sealed class MarketXmlCheckTests
{
    private const string Head =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<SBD-MSG><JPMGRP><JPMGH><JPC01>0</JPC01><JPC02>H</JPC02><JPC03>P</JPC03><JPC04>TS003</JPC04>"
        + "<JPC05>TS003</JPC05><JPC06>R0001</JPC06><JPC07>R0001</JPC07><JPC08>RENKEI</JPC08><JPC09>30MIN</JPC09><JPC10>1.0</JPC10>"
        + "<JPC11>1110</JPC11><JPC12>1</JPC12><JPC13>JPMGRP1110</JPC13><JPC14>20261126100203</JPC14><JPC15>1</JPC15><JPC16>0</JPC16>"
        + "<JPC17>0</JPC17></JPMGH><JPTRM><JP00002>1110</JP00002><JP06110>TS003</JP06110><JP06112>R0001</JP06112>"
        + "<JP06116>20261126</JP06116><JP06219>3</JP06219><JPM00010>\n";

    private const string Tail = "</JPM00010></JPTRM></JPMGRP></SBD-MSG>";

    [Fact]
    public async Task OldLayout_EachErrorWithLineAndPosition_Exits1()
    {
        var document = Head
            + "<JPMR00010><JP06400>0310000000000000000001</JP06400><JP06122>0</JP06122><JP06125>0.1000</JP06125><RK00001>actual</RK00001></JPMR00010>\n"
            + "<JPMR00010><JP06400>0310000000000000000002</JP06400><JP06122>9</JP06122></JPMR00010>\n"
            + Tail;
        using var error = new StringWriter();

        var exit = await MarketXmlCheck.ReportAsync(new MemoryStream(Encoding.UTF8.GetBytes(document)), "slot.xml", error);

        Assert.Equal(1, exit);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("slot.xml: line 3, position ", StringComparison.Ordinal) && l.Contains("RK00001", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("slot.xml: line 4, position ", StringComparison.Ordinal) && l.Contains("JP06122", StringComparison.Ordinal));
        Assert.Equal($"slot.xml: {lines.Length - 1} schema error(s)", lines[^1]);
    }

    [Fact]
    public async Task MarketLayout_Valid_Exits0()
    {
        var document = Head + "<JPMR00010><JP06400>0310000000000000000001</JP06400><JP06122>0</JP06122><JP06125>0.1000</JP06125></JPMR00010>" + Tail;
        using var error = new StringWriter();

        var exit = await MarketXmlCheck.ReportAsync(new MemoryStream(Encoding.UTF8.GetBytes(document)), "the answer", error);

        Assert.Equal(0, exit);
        Assert.Equal("the answer: valid against the market schema", error.ToString().Trim());
    }
}
