namespace Renkei.Formats.Api.Switching;

/// <summary>廃止取次 as the new retailer (IS_20210 result) and the current retailer (IS_20310 inquiry) see it.</summary>
public sealed record RelayView(
    string Number,
    string Status,
    string StatusName,
    IReadOnlyList<RelayNgReasonView> NgReasons,
    string SupplyPointId,
    string ContractNumber,
    string HolderName,
    string HolderNameKana,
    string Address,
    DateOnly WishedDate,
    DateOnly Deadline,
    string NewRetailerCode,
    string NewRetailerContact,
    string NewRetailerPhone,
    string CurrentRetailerCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ReasonCode = null,
    string? ReasonMessage = null);

/// <summary>An NG reason (1–9) of a 廃止取次 decision, with its names in English and Japanese.</summary>
public sealed record RelayNgReasonView(int Code, string Name, string NameJa);
