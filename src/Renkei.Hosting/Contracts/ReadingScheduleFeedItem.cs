namespace Renkei.Hosting.Contracts;

/// <summary>
/// An item of switching's reading-schedule change feed (<c>GET /internal/v1/reading-schedules/changes?after=&amp;limit=</c>):
/// the scheduled reading day (検針日) of one schedule code in one area for one month. A later item for the same
/// area, code and month replaces the earlier one. The metering node follows it to cut 確定使用量 into reading periods.
/// </summary>
public sealed record ReadingScheduleFeedItem(long Seq, string Area, string ScheduleCode, string YearMonth, DateOnly ReadingDate);

/// <summary>A page of the reading-schedule feed.</summary>
public sealed record ReadingScheduleFeedPage(IReadOnlyList<ReadingScheduleFeedItem> Items, long Next);
