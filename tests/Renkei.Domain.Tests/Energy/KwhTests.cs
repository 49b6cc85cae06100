using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Renkei.Domain.Energy;

namespace Renkei.Domain.Tests.Energy;

public class KwhTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("12.5", 125_000L)]
    [InlineData("1234.5678", 12_345_678L)]
    [InlineData("-0.0001", -1L)]
    [InlineData("0.0001", 1L)]
    [InlineData("-0", 0L)]
    [InlineData("007", 70_000L)]
    [InlineData("1.00000", 10_000L)]
    [InlineData("1.50000000", 15_000L)]
    [InlineData("922337203685477.5807", long.MaxValue)]
    [InlineData("-922337203685477.5808", long.MinValue)]
    [InlineData("0000000000000000001", 10_000L)]
    public void Parse_PlainDecimal_GivesExactUnits(string text, long units)
    {
        Assert.Equal(units, Kwh.Parse(text).Units);
        Assert.True(Kwh.TryParse(text.AsSpan(), out var value, out var error));
        Assert.Null(error);
        Assert.Equal(units, value.Units);
    }

    [Theory]
    [InlineData("1.23456", "more than 4 decimal places")]
    [InlineData("1.00001", "more than 4 decimal places")]
    [InlineData("1.", "no digits after the decimal point")]
    [InlineData(".5", "not a decimal number")]
    [InlineData("-.5", "not a decimal number")]
    [InlineData("1e3", "not a decimal number")]
    [InlineData("1E3", "not a decimal number")]
    [InlineData("1,000", "not a decimal number")]
    [InlineData("1,5", "not a decimal number")]
    [InlineData(" 1", "not a decimal number")]
    [InlineData("1 ", "not a decimal number")]
    [InlineData("+1", "not a decimal number")]
    [InlineData("-", "not a decimal number")]
    [InlineData("--1", "not a decimal number")]
    [InlineData("1.2.3", "not a decimal number")]
    [InlineData("１", "not a decimal number")]
    [InlineData("abc", "not a decimal number")]
    [InlineData("NaN", "not a decimal number")]
    [InlineData("", "empty")]
    [InlineData("922337203685477.5808", "out of range")]
    [InlineData("-922337203685477.5809", "out of range")]
    [InlineData("1000000000000000", "out of range")]
    [InlineData("99999999999999999999999", "out of range")]
    public void Parse_Invalid_IsRejectedWithReason(string text, string reason)
    {
        var ex = Assert.Throws<DomainFormatException>(() => Kwh.Parse(text));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.False(Kwh.TryParse(text, out var value, out _));
        Assert.Equal(Kwh.Zero, value);
    }

    [Fact]
    public void Parse_Null_IsRejectedAsEmpty()
    {
        var ex = Assert.Throws<DomainFormatException>(() => Kwh.Parse(null));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, "0.0000")]
    [InlineData(1L, "0.0001")]
    [InlineData(125_000L, "12.5000")]
    [InlineData(12_345_678L, "1234.5678")]
    [InlineData(-1L, "-0.0001")]
    [InlineData(-125_000L, "-12.5000")]
    [InlineData(-10_000L, "-1.0000")]
    [InlineData(long.MaxValue, "922337203685477.5807")]
    [InlineData(long.MinValue, "-922337203685477.5808")]
    public void ToString_AnyValue_HasExactlyFourDecimals(long units, string expected)
    {
        Assert.Equal(expected, Kwh.FromUnits(units).ToString());
    }

    [Fact]
    public void ToString_Parsed_IsNormalised()
    {
        Assert.Equal("12.5000", Kwh.Parse("12.5").ToString());
        Assert.Equal("1.0000", Kwh.Parse("1.00000").ToString());
        Assert.Equal("0.0000", Kwh.Parse("-0").ToString());
    }

    [Fact]
    public void ToString_DifferentCulture_UsesInvariantDot()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");

            Assert.Equal("1234.5678", Kwh.Parse("1234.5678").ToString());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(6)]
    public void TryFormat_TooSmallBuffer_ReturnsFalse(int size)
    {
        Span<char> buffer = stackalloc char[size];

        Assert.False(Kwh.Parse("-12.5").TryFormat(buffer, out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryFormat_ExactBuffer_Writes()
    {
        Span<char> buffer = stackalloc char[8];

        Assert.True(Kwh.Parse("-12.5").TryFormat(buffer, out var written));
        Assert.Equal("-12.5000", new string(buffer[..written]));
    }

    [Fact]
    public void Arithmetic_AddSubtractNegate_AreExact()
    {
        var a = Kwh.Parse("0.1");
        var b = Kwh.Parse("0.2");

        Assert.Equal(Kwh.Parse("0.3"), a + b);
        Assert.Equal(Kwh.Parse("-0.1"), a - b);
        Assert.Equal(Kwh.Parse("-0.1"), -a);
        Assert.Equal(a + b, Kwh.Add(a, b));
        Assert.Equal(a - b, Kwh.Subtract(a, b));
        Assert.Equal(-a, Kwh.Negate(a));
    }

    [Fact]
    public void Arithmetic_Overflow_Throws()
    {
        Assert.Throws<OverflowException>(() => Kwh.MaxValue + Kwh.FromUnits(1));
        Assert.Throws<OverflowException>(() => Kwh.MinValue - Kwh.FromUnits(1));
        Assert.Throws<OverflowException>(() => -Kwh.MinValue);
    }

    [Fact]
    public void Multiply_ByMultiplier_IsExact()
    {
        var delta = Kwh.Parse("1.2345");

        Assert.Equal(Kwh.Parse("49.38"), delta * Multiplier.FromInt32(40));
        Assert.Equal(delta, delta * Multiplier.One);
        Assert.Equal(Kwh.Parse("-2.469"), Kwh.Multiply(-delta, Multiplier.Parse("2")));
    }

    [Fact]
    public void Multiply_Overflow_Throws()
    {
        Assert.Throws<OverflowException>(() => Kwh.MaxValue * Multiplier.FromInt32(2));
    }

    [Fact]
    public void Compare_Values_OrderByAmount()
    {
        var small = Kwh.Parse("-1");
        var big = Kwh.Parse("0.0001");

        Assert.True(small < big);
        Assert.True(big > small);
        Assert.True(small <= Kwh.Parse("-1"));
        Assert.True(big >= small);
        Assert.True(small.CompareTo(big) < 0);
        Assert.Equal(0, big.CompareTo(Kwh.FromUnits(1)));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("12.5", 125_000L)]
    [InlineData("-0.0001", -1L)]
    [InlineData("1.00000", 10_000L)]
    [InlineData("922337203685477.5807", long.MaxValue)]
    [InlineData("-922337203685477.5808", long.MinValue)]
    public void FromDecimal_AtMostFourPlaces_GivesUnits(string text, long units)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(units, Kwh.FromDecimal(value).Units);
        Assert.Equal(value, Kwh.FromDecimal(value).ToDecimal());
    }

    [Fact]
    public void FromDecimal_FiveDecimalPlaces_IsRejected()
    {
        var ex = Assert.Throws<DomainFormatException>(() => Kwh.FromDecimal(1.00001m));

        Assert.Contains("more than 4 decimal places", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("922337203685477.5808")]
    [InlineData("-922337203685477.5809")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335")]
    public void FromDecimal_OutOfRange_IsRejected(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        var ex = Assert.Throws<DomainFormatException>(() => Kwh.FromDecimal(value));

        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDecimal_Units_IsExact()
    {
        Assert.Equal(1234.5678m, Kwh.FromUnits(12_345_678).ToDecimal());
        Assert.Equal(0m, Kwh.Zero.ToDecimal());
    }

    [Property(Arbitrary = [typeof(KwhArbitraries)])]
    public bool ParseToString_AnyUnits_RoundTrips(long units) =>
        Kwh.Parse(Kwh.FromUnits(units).ToString()).Units == units;

    [Property(Arbitrary = [typeof(KwhArbitraries)])]
    public bool FromDecimal_AnyUnits_MatchesParse(long units) =>
        Kwh.FromDecimal(Kwh.FromUnits(units).ToDecimal()).Units == units
        && Kwh.FromUnits(units).ToString() == Kwh.FromUnits(units).ToDecimal().ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
}

public static class KwhArbitraries
{
    /// <summary>Any long: two independent 32-bit halves, plus the edges, so the whole range is reached.</summary>
    public static Arbitrary<long> Units() =>
        Gen.OneOf(
                Gen.Choose(int.MinValue, int.MaxValue).Two().Select(t => ((long)t.Item1 << 32) | (uint)t.Item2),
                Gen.Choose(-100_000, 100_000).Select(i => (long)i),
                Gen.Elements(long.MinValue, long.MaxValue, 0L, -1L, 1L))
            .ToArbitrary();
}
