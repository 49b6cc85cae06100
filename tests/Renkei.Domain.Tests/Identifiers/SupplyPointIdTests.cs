using Renkei.Domain.Identifiers;

namespace Renkei.Domain.Tests.Identifiers;

public class SupplyPointIdTests
{
    private const string Tokyo = "0300111234567890123456";

    [Fact]
    public void Parse_TwentyTwoDigits_KeepsTheDigits()
    {
        var id = SupplyPointId.Parse(Tokyo);

        Assert.Equal(Tokyo, id.Value);
        Assert.Equal(Tokyo, id.ToString());
        Assert.Equal(TsoArea.Tokyo, id.Area);
    }

    [Fact]
    public void Parse_LeadingZero_IsKept()
    {
        var id = SupplyPointId.Parse("0100000000000000000001");

        Assert.StartsWith("01", id.Value, StringComparison.Ordinal);
        Assert.Equal(22, id.Value.Length);
    }

    [Theory]
    [InlineData("01", TsoArea.Hokkaido)]
    [InlineData("02", TsoArea.Tohoku)]
    [InlineData("03", TsoArea.Tokyo)]
    [InlineData("04", TsoArea.Chubu)]
    [InlineData("05", TsoArea.Hokuriku)]
    [InlineData("06", TsoArea.Kansai)]
    [InlineData("07", TsoArea.Chugoku)]
    [InlineData("08", TsoArea.Shikoku)]
    [InlineData("09", TsoArea.Kyushu)]
    [InlineData("10", TsoArea.Okinawa)]
    public void Area_EveryAreaCode_MapsToItsTso(string prefix, TsoArea expected)
    {
        var id = SupplyPointId.Parse(prefix + "00000000000000000000");

        Assert.Equal(expected, id.Area);
        Assert.Equal(int.Parse(prefix, System.Globalization.CultureInfo.InvariantCulture), (int)id.Area);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("11")]
    [InlineData("99")]
    public void Parse_UnknownArea_IsRejectedWithArea(string prefix)
    {
        var ex = Assert.Throws<DomainFormatException>(() => SupplyPointId.Parse(prefix + "00000000000000000000"));

        Assert.Contains("area code " + prefix, ex.Message, StringComparison.Ordinal);
        Assert.Contains("01 to 10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwentyOneDigits_IsRejectedWithLength()
    {
        var ex = Assert.Throws<DomainFormatException>(() => SupplyPointId.Parse(Tokyo[..21]));

        Assert.Contains("has 21 digits", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected exactly 22", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TwentyThreeDigits_IsRejectedWithLength()
    {
        var ex = Assert.Throws<DomainFormatException>(() => SupplyPointId.Parse(Tokyo + "7"));

        Assert.Contains("has 23 digits", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("03001112345678901234A6", 21)]
    [InlineData("030011123456789012345-", 22)]
    [InlineData(" 300111234567890123456", 1)]
    [InlineData("0300111234567890123 56", 20)]
    public void Parse_NonDigit_IsRejectedWithPosition(string text, int position)
    {
        var ex = Assert.Throws<DomainFormatException>(() => SupplyPointId.Parse(text));

        Assert.Contains($"non-digit character at position {position}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FullWidthDigits_IsRejected()
    {
        // Full-width ０-９ are Unicode digits (char.IsDigit) but not the ASCII digits the market uses.
        var fullWidth = "０３００１１１２３４５６７８９０１２３４５６";

        var ex = Assert.Throws<DomainFormatException>(() => SupplyPointId.Parse(fullWidth));

        Assert.Contains("non-digit character at position 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OneFullWidthDigit_IsRejected()
    {
        Assert.False(SupplyPointId.TryParse("030011123456789012345６", out _, out var error));
        Assert.Contains("position 22", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_NullOrEmpty_IsRejectedAsEmpty(string? text)
    {
        var ex = Assert.Throws<DomainFormatException>(() => SupplyPointId.Parse(text));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Valid_ReturnsTrueWithoutError()
    {
        Assert.True(SupplyPointId.TryParse(Tokyo, out var id, out var error));
        Assert.Null(error);
        Assert.Equal(Tokyo, id.Value);
        Assert.True(SupplyPointId.TryParse(Tokyo, out _));
    }

    [Fact]
    public void TryParse_Invalid_ReturnsFalseAndDefault()
    {
        Assert.False(SupplyPointId.TryParse("12345", out var id));
        Assert.Equal(default, id);
    }

    [Fact]
    public void Equality_SameDigits_AreEqual()
    {
        Assert.Equal(SupplyPointId.Parse(Tokyo), SupplyPointId.Parse(new string(Tokyo.ToCharArray())));
        Assert.NotEqual(SupplyPointId.Parse(Tokyo), SupplyPointId.Parse("0300111234567890123457"));
    }

    [Fact]
    public void Value_Default_ThrowsUninitialised()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => default(SupplyPointId).Value);

        Assert.Contains("Uninitialised", ex.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, default(SupplyPointId).ToString());
    }
}
