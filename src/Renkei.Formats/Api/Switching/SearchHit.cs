namespace Renkei.Formats.Api.Switching;

/// <summary>One supply point found by the search (供給地点特定番号検索): its ID and address only.</summary>
public sealed record SearchHit(string SupplyPointId, string Address);
