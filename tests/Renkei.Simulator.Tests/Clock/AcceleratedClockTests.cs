using Renkei.Simulator.Clock;

namespace Renkei.Simulator.Tests.Clock;

public class AcceleratedClockTests
{
    private static readonly DateTimeOffset Origin = new(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(9));

    [Theory]
    [InlineData(0d)]
    [InlineData(-1d)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_SpeedNotPositiveFinite_Throws(double speed)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AcceleratedClock(Origin, speed));

        Assert.Equal("speed", e.ParamName);
    }

    [Fact]
    public void GetUtcNow_JustStarted_IsAtOrAfterOriginInUtc()
    {
        var clock = new AcceleratedClock(Origin, 60);

        var now = clock.GetUtcNow();

        Assert.Equal(TimeSpan.Zero, now.Offset);
        Assert.InRange(now, Origin, Origin.AddHours(1));
        Assert.Equal(60, clock.Speed);
    }
}
