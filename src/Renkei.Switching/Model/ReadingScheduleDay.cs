namespace Renkei.Switching.Model;

/// <summary>
/// 検針日程: the scheduled reading day (定例検針日) of one reading schedule code of an area in one month, as the
/// area's TSO publishes it (the reading schedule file, docs/formats.md). <see cref="Seq"/> is its position in the
/// reading-schedule feed: raised when the day is loaded or moved, so a follower sees the latest day of each month.
/// </summary>
public sealed class ReadingScheduleDay
{
    public int Area { get; set; }

    public required string ScheduleCode { get; set; }

    /// <summary>The month, <c>YYYY-MM</c>.</summary>
    public required string YearMonth { get; set; }

    public DateOnly ReadingDate { get; set; }

    public long Seq { get; set; }
}
