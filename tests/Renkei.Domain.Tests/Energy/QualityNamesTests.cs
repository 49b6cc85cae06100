using Renkei.Domain.Energy;

namespace Renkei.Domain.Tests.Energy;

public class QualityNamesTests
{
    [Theory]
    [InlineData(Quality.Actual, "actual")]
    [InlineData(Quality.Estimated, "estimated")]
    [InlineData(Quality.Missing, "missing")]
    [InlineData(Quality.Invalid, "invalid")]
    public void ToNameTryParse_EveryQuality_RoundTrips(Quality quality, string name)
    {
        Assert.Equal(name, quality.ToName());
        Assert.True(QualityNames.TryParse(name, out var parsed));
        Assert.Equal(quality, parsed);
    }

    [Fact]
    public void ToName_EveryDefinedQuality_HasAName()
    {
        foreach (var quality in Enum.GetValues<Quality>())
        {
            Assert.True(QualityNames.TryParse(quality.ToName(), out var parsed));
            Assert.Equal(quality, parsed);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Actual")]
    [InlineData("ACTUAL")]
    [InlineData(" actual")]
    [InlineData("estimate")]
    [InlineData("0")]
    public void TryParse_UnknownName_ReturnsFalse(string? text)
    {
        Assert.False(QualityNames.TryParse(text, out var quality));
        Assert.Equal(default, quality);
    }

    [Fact]
    public void ToName_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Quality)42).ToName());
    }
}
