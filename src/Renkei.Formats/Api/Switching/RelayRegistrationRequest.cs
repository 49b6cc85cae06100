namespace Renkei.Formats.Api.Switching;

/// <summary>廃止取次登録 (IS_20110): what the new retailer tells the current retailer about the customer.</summary>
public sealed record RelayRegistrationRequest(
    string? SupplyPointId,
    string? ContractNumber,
    string? HolderName,
    string? HolderNameKana,
    string? Address,
    DateOnly? WishedDate,
    string? Contact,
    string? Phone);
