namespace Renkei.Hosting.Audit;

/// <summary>An operator's question to the audit log; every field that is set must match.</summary>
public sealed record AuditQuery
{
    public string? ClientId { get; init; }

    public string? Retailer { get; init; }

    public string? SupplyPoint { get; init; }

    public string? Outcome { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public int Limit { get; init; } = 1000;

    public bool Matches(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (ClientId is null || string.Equals(ClientId, e.ClientId, StringComparison.Ordinal))
            && (Retailer is null || string.Equals(Retailer, e.Retailer, StringComparison.Ordinal))
            && (SupplyPoint is null || string.Equals(SupplyPoint, e.SupplyPoint, StringComparison.Ordinal))
            && (Outcome is null || string.Equals(Outcome, e.Outcome, StringComparison.Ordinal))
            && (Since is null || e.At >= Since)
            && (Until is null || e.At < Until);
    }
}
