using Renkei.Formats.Market;

namespace Renkei.Formats.Tests.Market;

/// <summary>The per-point text items are measured in MS932 bytes (MARKET.md), not in characters.</summary>
public sealed class MarketPointItemsTests
{
    [Fact]
    public void Name_Of40FullWidthCharacters_Is80BytesAndFits()
    {
        var name = new string('山', 40);

        var items = new MarketPointItems(null, name, null);

        Assert.Equal(name, items.CustomerName);
    }

    [Fact]
    public void Name_Of41FullWidthCharacters_Is82Bytes_RefusedNamingTheItem()
    {
        var e = Assert.Throws<FormatException>(() => new MarketPointItems(null, new string('山', 41), null));

        Assert.Equal("JP06120: 82 bytes in MS932, at most 80", e.Message);
    }

    [Fact]
    public void CustomerCode_Of21AsciiCharacters_Fits_22DoNot()
    {
        Assert.Equal(new string('1', 21), new MarketPointItems(new string('1', 21), null, null).CustomerCode);

        var e = Assert.Throws<FormatException>(() => new MarketPointItems(new string('1', 22), null, null));
        Assert.Equal("JP06119: 22 bytes in MS932, at most 21", e.Message);
    }

    [Fact]
    public void SupplyPointName_HalfWidthKatakanaCountsOneByteEach()
    {
        var name = new string('ｱ', 70);

        Assert.Equal(name, new MarketPointItems(null, null, name).SupplyPointName);
        Assert.Throws<FormatException>(() => new MarketPointItems(null, null, name + "ｱ"));
    }

    [Fact]
    public void Name_WithACharacterOutsideMs932_IsRefusedNamingItsPosition()
    {
        var e = Assert.Throws<FormatException>(() => new MarketPointItems(null, "山田🙂", null));

        Assert.StartsWith("JP06120: the character", e.Message, StringComparison.Ordinal);
        Assert.Contains("at position 3 is not in MS932", e.Message, StringComparison.Ordinal);
    }
}
