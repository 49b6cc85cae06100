namespace Renkei.Hosting.Audit;

/// <summary>
/// One line of the audit log: who (client, retailer, source address), what (method, path, supply point, date),
/// when, and the answer (status, outcome, reason).
/// </summary>
public sealed record AuditEntry(
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
    string? Reason)
{
    public const string Allowed = "allowed";
    public const string Denied = "denied";
}
