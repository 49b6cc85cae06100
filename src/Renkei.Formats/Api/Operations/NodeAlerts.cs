namespace Renkei.Formats.Api.Operations;

/// <summary>
/// What a node reports to the operator dashboard (<c>GET /api/v1/operator/{node}/alerts</c> through the gateway, and
/// <c>GET /alerts</c> on each node's operations listener): its faults now, each with a code the screens translate.
/// </summary>
public sealed record NodeAlerts(string Node, DateTimeOffset At, IReadOnlyList<NodeAlert> Alerts);

/// <summary>
/// One fault: <see cref="Code"/> is one of <see cref="NodeAlertCodes"/>; <see cref="Subject"/> what it is about (a
/// folder, an audit log, a TSO, a slot); <see cref="Detail"/> the figures, in English; <see cref="Unready"/> true
/// when the node answers <c>/health/ready</c> with 503 because of it.
/// </summary>
public sealed record NodeAlert(string Code, string Severity, string Subject, string Detail, bool Unready);

/// <summary>The alert codes and severities (docs/operations.md says what each means and what to do).</summary>
public static class NodeAlertCodes
{
    /// <summary>Free space under a data folder below its threshold (critical) or below twice it (warning).</summary>
    public const string DiskLow = "disk-low";

    /// <summary>An audit log cannot be written: the node refuses what it cannot audit.</summary>
    public const string AuditFailing = "audit-failing";

    /// <summary>The metering node's read log cannot be written: the HES's batches are refused.</summary>
    public const string ReadLogFailing = "read-log-failing";

    /// <summary>The metering node's history store refuses writes: slots that left the window wait in memory, retried.</summary>
    public const string HistoryFailing = "history-failing";

    /// <summary>The slots waiting for the failing history store hold their bound of memory: the HES's batches are refused.</summary>
    public const string HistoryBacklogFull = "history-backlog-full";

    /// <summary>The HES refuses batches because as many as the metering node takes at once are being ingested: ingest does not keep up.</summary>
    public const string IngestSaturated = "ingest-saturated";

    /// <summary>The switching hub has orders for an area's TSO node that got no answer.</summary>
    public const string TsoUnreachable = "tso-unreachable";

    /// <summary>The next slot to publish is close to (warning) or past (critical) its 60-minute deadline.</summary>
    public const string SlotAtRisk = "slot-at-risk";

    /// <summary>A metering node in cluster mode holds no partition lease: not ready (critical when NATS does not answer).</summary>
    public const string LeasesNotHeld = "leases-not-held";

    public const string Critical = "critical";

    public const string Warning = "warning";
}
