namespace Renkei.Switching.Model;

/// <summary>
/// 監査証跡: one entry of the append-only audit trail: who changed what, when, from which state to which.
/// The store refuses to update or delete entries.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The retailer code of the caller, or "hub"/"tso" for the system's own steps.</summary>
    public required string Actor { get; set; }

    /// <summary>"application", "relay" or "contract".</summary>
    public required string Subject { get; set; }

    /// <summary>The application or relay number, or the contract ID.</summary>
    public required string SubjectId { get; set; }

    /// <summary>What happened (e.g. "submitted", "matched", "completed", "decided").</summary>
    public required string Action { get; set; }

    public string? FromStatus { get; set; }

    public string? ToStatus { get; set; }

    public string? Detail { get; set; }
}
