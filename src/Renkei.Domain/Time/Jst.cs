namespace Renkei.Domain.Time;

/// <summary>Japan Standard Time: UTC+9 all year, no daylight saving, so no time-zone database is needed.</summary>
public static class Jst
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The instant expressed with the +09:00 offset.</summary>
    public static DateTimeOffset ToJst(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The JST calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>Today's JST date according to <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOf(clock.GetUtcNow());
    }

    /// <summary>Midnight (00:00 JST) at the start of <paramref name="date"/>.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date) =>
        new(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Offset);
}
