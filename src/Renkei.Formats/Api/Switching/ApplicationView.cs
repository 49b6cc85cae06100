namespace Renkei.Formats.Api.Switching;

/// <summary>業務処理状況確認: the answer of the status poll, including what the application is waiting for.</summary>
public sealed record ApplicationView(
    string Number,
    string Kind,
    string SupplyPointId,
    string RetailerCode,
    string Status,
    string StatusName,
    DateOnly? RequestedDate,
    DateOnly? SwitchDate,
    DateOnly? Deadline,
    string? RelayNumber,
    string? ReasonCode,
    string? ReasonMessage,
    string? WaitingFor,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int? Amperes = null);
