using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Audit;

/// <summary>
/// The operator dashboard's view of the audit log over a period: requests, allowed, denied, lock-outs, failed
/// log-ins, per status and the clients with most denials, and the requests per hour (JST) of the period.
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
    IReadOnlyList<AuditEntry> LatestDenials);

public sealed record AuditClientCount(string Client, int Denied);

public sealed record AuditHourCount(DateTimeOffset Hour, int Requests, int Denied);
