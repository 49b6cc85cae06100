namespace Renkei.Formats.Api.Switching;

/// <summary>The switching hub at a glance, for operators.</summary>
public sealed record SwitchingSummary(
    DateOnly Today,
    IReadOnlyList<KindStatusCount> Applications,
    IReadOnlyList<RelayStatusCount> Relays,
    IReadOnlyList<AwaitingRelay> AwaitingDecision);

public sealed record KindStatusCount(string Kind, string Status, string StatusName, int Count);

public sealed record RelayStatusCount(string Status, string StatusName, int Count);

/// <summary>A 廃止取次 awaiting the current retailer's decision, with its deadline.</summary>
public sealed record AwaitingRelay(string Number, string SupplyPointId, string NewRetailerCode, string CurrentRetailerCode, DateOnly WishedDate, DateOnly Deadline, DateTimeOffset CreatedAt);
