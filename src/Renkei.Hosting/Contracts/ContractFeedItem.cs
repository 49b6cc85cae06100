namespace Renkei.Hosting.Contracts;

/// <summary>
/// An item of switching's wheeling-contract change feed, as the gateway and the metering node read it.
/// <paramref name="ReadingSchedule"/> is the supply point's reading schedule code (検針日程コード), whose days
/// come from the reading-schedule feed; null when the point has none.
/// </summary>
public sealed record ContractFeedItem(long Seq, long ContractId, string SupplyPointId, string RetailerCode, DateOnly StartDate, DateOnly? EndDate, string? ReadingSchedule = null);

/// <summary>A page of the feed.</summary>
public sealed record ContractFeedPage(IReadOnlyList<ContractFeedItem> Items, long Next);
