using Renkei.Domain.Energy;

namespace Renkei.Domain.Tests.Energy;

public class MultiplierTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("40", 40)]
    [InlineData("40.0", 40)]
    [InlineData("40.00", 40)]
    [InlineData("1000000", 1_000_000)]
    [InlineData("0001", 1)]
    [InlineData("00000000040", 40)]
    [InlineData("0000000001000000.000", 1_000_000)]
    public void Parse_WholeNumberInRange_IsAccepted(string text, int expected)
    {
        var multiplier = Multiplier.Parse(text);

        Assert.Equal(expected, multiplier.Value);
        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), multiplier.ToString());
    }

    [Theory]
    [InlineData("0", "out of range")]
    [InlineData("1000001", "out of range")]
    [InlineData("-1", "not a whole number")]
    [InlineData("1.5", "not a whole number")]
    [InlineData("40.", "not a whole number")]
    [InlineData(".0", "not a whole number")]
    [InlineData("abc", "not a whole number")]
    [InlineData("1e3", "not a whole number")]
    [InlineData(" 40", "not a whole number")]
    [InlineData("+40", "not a whole number")]
    [InlineData("１", "not a whole number")]
    [InlineData("99999999", "out of range")]
    [InlineData("99999999999999999999", "out of range")]
    [InlineData("", "empty")]
    public void Parse_Invalid_IsRejectedWithReason(string text, string reason)
    {
        var ex = Assert.Throws<DomainFormatException>(() => Multiplier.Parse(text));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 to 1000000", ex.Message, StringComparison.Ordinal);
        Assert.False(Multiplier.TryParse(text, out var value, out _));
        Assert.Equal(Multiplier.One, value);
    }

    [Fact]
    public void Parse_Null_IsRejectedAsEmpty()
    {
        Assert.Contains("empty", Assert.Throws<DomainFormatException>(() => Multiplier.Parse(null)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    [InlineData(int.MinValue)]
    public void FromInt32_OutOfRange_IsRejected(int value)
    {
        var ex = Assert.Throws<DomainFormatException>(() => Multiplier.FromInt32(value));

        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_Multiplier_IsOne()
    {
        Assert.Equal(1, default(Multiplier).Value);
        Assert.Equal(Multiplier.One, Multiplier.FromInt32(1));
        Assert.Equal(Multiplier.FromInt32(40), Multiplier.Parse("40.0"));
    }
}
