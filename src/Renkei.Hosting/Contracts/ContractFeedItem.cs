namespace Renkei.Hosting.Contracts;

/// <summary>An item of switching's wheeling-contract change feed, as the gateway reads it.</summary>
public sealed record ContractFeedItem(long Seq, long ContractId, string SupplyPointId, string RetailerCode, DateOnly StartDate, DateOnly? EndDate);

/// <summary>A page of the feed.</summary>
public sealed record ContractFeedPage(IReadOnlyList<ContractFeedItem> Items, long Next);
