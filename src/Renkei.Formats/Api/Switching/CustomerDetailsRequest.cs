namespace Renkei.Formats.Api.Switching;

/// <summary>需要者情報変更申込 (IF_10810): the current retailer updates the contract holder's details at a point.</summary>
public sealed record CustomerDetailsRequest(string? SupplyPointId, string? CustomerNumber, string? Name, string? NameKana, string? Address, string? Phone);
