using Renkei.Domain.Identifiers;

namespace Renkei.Domain.Tests.Identifiers;

/// <summary>The rules shared by <see cref="RetailerCode"/> and <see cref="TsoCode"/>, checked through both.</summary>
public class MarketParticipantCodeTests
{
    public static TheoryData<string> ValidCodes => new() { "A0001", "ZZZZZ", "00000", "9Z9Z9", "TEPCO" };

    public static TheoryData<string?, string> InvalidCodes => new()
    {
        { null, "is empty" },
        { "", "is empty" },
        { "a0001", "invalid character at position 1" },
        { "A000b", "invalid character at position 5" },
        { "A001", "has 4 characters" },
        { "A00001", "has 6 characters" },
        { "A-001", "invalid character at position 2" },
        { "A 001", "invalid character at position 2" },
        { "A_001", "invalid character at position 2" },
        { "Ａ0001", "invalid character at position 1" },
        { "A000１", "invalid character at position 5" },
    };

    [Theory]
    [MemberData(nameof(ValidCodes))]
    public void RetailerCodeParse_FiveUpperCaseLettersOrDigits_IsAccepted(string text)
    {
        var code = RetailerCode.Parse(text);

        Assert.Equal(text, code.Value);
        Assert.Equal(text, code.ToString());
    }

    [Theory]
    [MemberData(nameof(ValidCodes))]
    public void TsoCodeParse_FiveUpperCaseLettersOrDigits_IsAccepted(string text)
    {
        var code = TsoCode.Parse(text);

        Assert.Equal(text, code.Value);
        Assert.Equal(text, code.ToString());
    }

    [Theory]
    [MemberData(nameof(InvalidCodes))]
    public void RetailerCodeParse_Invalid_IsRejectedWithReason(string? text, string reason)
    {
        var ex = Assert.Throws<DomainFormatException>(() => RetailerCode.Parse(text));

        Assert.StartsWith("retailer code", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.False(RetailerCode.TryParse(text, out var code, out var error));
        Assert.Equal(ex.Message, error);
        Assert.Equal(default, code);
    }

    [Theory]
    [MemberData(nameof(InvalidCodes))]
    public void TsoCodeParse_Invalid_IsRejectedWithReason(string? text, string reason)
    {
        var ex = Assert.Throws<DomainFormatException>(() => TsoCode.Parse(text));

        Assert.StartsWith("TSO code", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.False(TsoCode.TryParse(text, out _, out _));
    }

    [Fact]
    public void Value_Default_ThrowsUninitialised()
    {
        Assert.Throws<InvalidOperationException>(() => default(RetailerCode).Value);
        Assert.Throws<InvalidOperationException>(() => default(TsoCode).Value);
        Assert.Equal(string.Empty, default(RetailerCode).ToString());
        Assert.Equal(string.Empty, default(TsoCode).ToString());
    }

    [Fact]
    public void Equality_SameText_AreEqual()
    {
        Assert.Equal(RetailerCode.Parse("A0001"), RetailerCode.Parse("A0001"));
        Assert.NotEqual(RetailerCode.Parse("A0001"), RetailerCode.Parse("A0002"));
    }
}
