using Renkei.Formats.Market;

namespace Renkei.Formats.Tests.Market;

/// <summary>Market file names: made and read back exactly, anything else refused.</summary>
public sealed class MarketFileNameTests
{
    private static readonly DateOnly Day = new(2026, 11, 26);

    [Theory]
    [InlineData(MarketFileKind.Slot, false, 1, "W41110202611260000010001")]
    [InlineData(MarketFileKind.Slot, true, 48, "W401102026112623300102")]
    [InlineData(MarketFileKind.Day, false, null, "W41120202611260000010001")]
    [InlineData(MarketFileKind.FixedUsage, false, null, "W51220202611260100001")]
    [InlineData(MarketFileKind.FixedUsage, true, null, "W51210202611260100001")]
    public void Name_FormatsAndParsesBack(MarketFileKind kind, bool high, int? slot, string expected)
    {
        var part = expected == "W401102026112623300102" ? 2 : 1;
        var name = new MarketFileName(kind, high, Day, slot, 1, part);

        Assert.Equal(expected, name.ToString());
        Assert.True(MarketFileName.TryParse(expected, out var parsed));
        Assert.Equal(name, parsed);
    }

    [Theory]
    [InlineData("W41110202611260015010001")] // not a slot start
    [InlineData("W4111020261126000001001")] // low-voltage part of 3 digits
    [InlineData("W41110202611260000000001")] // update 00
    [InlineData("W31110202611260000010001")]
    [InlineData("W41130202611260000010001")]
    [InlineData("W41110202602300000010001")] // 30 February
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    public void Name_Malformed_Refused(string text) => Assert.False(MarketFileName.TryParse(text, out _));
}
