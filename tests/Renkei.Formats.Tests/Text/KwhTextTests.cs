using Renkei.Domain.Energy;
using Renkei.Formats.Text;

namespace Renkei.Formats.Tests.Text;

public sealed class KwhTextTests
{
    [Theory]
    [InlineData(0L, "0.0000")]
    [InlineData(5L, "0.0005")]
    [InlineData(123_400L, "12.3400")]
    [InlineData(-5L, "-0.0005")]
    [InlineData(long.MinValue, "-922337203685477.5808")]
    [InlineData(long.MaxValue, "922337203685477.5807")]
    public void FormatFixed_WritesExactlyFourPlacesAsBytesAndChars(long units, string expected)
    {
        Span<byte> bytes = stackalloc byte[KwhText.MaxFixedLength];
        Span<char> chars = stackalloc char[KwhText.MaxFixedLength];

        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(bytes[..KwhText.FormatFixed(Kwh.FromUnits(units), bytes)]));
        Assert.Equal(expected, chars[..KwhText.FormatFixed(Kwh.FromUnits(units), chars)].ToString());
    }

    [Theory]
    [InlineData(12_300L, "1.2300")]
    [InlineData(0L, "0.0000")]
    [InlineData(-1L, "-0.0001")]
    public void JsonNumber_IsPrintedWithFourPlaces(long units, string expected) =>
        Assert.Equal(expected, System.Text.Json.JsonSerializer.Serialize(KwhText.JsonNumber(Kwh.FromUnits(units))));

    [Fact]
    public void Format_IsTheShortestExactDecimal() => Assert.Equal("1.23", KwhText.Format(Kwh.FromUnits(12_300)));
}
