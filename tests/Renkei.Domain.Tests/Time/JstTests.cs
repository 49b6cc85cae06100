using Renkei.Domain.Time;

namespace Renkei.Domain.Tests.Time;

public class JstTests
{
    [Fact]
    public void Offset_Jst_IsNineHours()
    {
        Assert.Equal(TimeSpan.FromHours(9), Jst.Offset);
    }

    [Fact]
    public void DateOf_UtcEvening_IsNextJstDate()
    {
        Assert.Equal(new DateOnly(2026, 4, 1), Jst.DateOf(new DateTimeOffset(2026, 3, 31, 15, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 3, 31), Jst.DateOf(new DateTimeOffset(2026, 3, 31, 14, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void ToJst_AnyOffset_KeepsInstant()
    {
        var utc = new DateTimeOffset(2026, 3, 31, 15, 0, 0, TimeSpan.Zero);

        var jst = Jst.ToJst(utc);

        Assert.Equal(utc, jst);
        Assert.Equal(Jst.Offset, jst.Offset);
        Assert.Equal(0, jst.Hour);
    }

    [Fact]
    public void StartOfDay_Date_IsMidnightJst()
    {
        var start = Jst.StartOfDay(new DateOnly(2026, 4, 1));

        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, Jst.Offset), start);
        Assert.Equal(Jst.Offset, start.Offset);
    }

    [Fact]
    public void Today_FixedClock_IsJstDate()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 31, 15, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2027, 1, 1), Jst.Today(clock));
    }

    [Fact]
    public void Today_NullClock_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Jst.Today(null!));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
