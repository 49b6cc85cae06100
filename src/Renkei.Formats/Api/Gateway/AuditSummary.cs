namespace Renkei.Formats.Api.Gateway;

/// <summary>
/// The operator dashboard's view of the gateway's audit log over a period: requests, allowed, denied, lock-outs,
/// failed log-ins, per status and the clients with most denials, and the requests per hour (JST) of the period.
/// </summary>
public sealed record AuditSummary(
    DateTimeOffset From,
    DateTimeOffset Until,
    int Requests,
    int Allowed,
    int Denied,
    int LockedOut,
    int FailedLogins,
    IReadOnlyDictionary<int, int> ByStatus,
    IReadOnlyList<AuditClientCount> TopDenied,
    IReadOnlyList<AuditHourCount> ByHour,
    IReadOnlyList<AuditEntryView> LatestDenials);

public sealed record AuditClientCount(string Client, int Denied);

public sealed record AuditHourCount(DateTimeOffset Hour, int Requests, int Denied);

/// <summary>One line of the audit log as the summary shows it: who, what, when, and the answer.</summary>
public sealed record AuditEntryView(
    DateTimeOffset At,
    string? ClientId,
    string? Retailer,
    string SourceAddress,
    string Method,
    string Path,
    string? SupplyPoint,
    string? Date,
    int Status,
    string Outcome,
    string? Reason);
