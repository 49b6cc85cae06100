using Microsoft.Extensions.DependencyInjection;
using Renkei.Formats.Api.Operations;
using Renkei.Hosting.Audit;

namespace Renkei.Hosting.Observability;

/// <summary>
/// The node's audit logs (the gateway's request log; an internal node's log of refused calls): one that cannot be
/// written (<see cref="AuditLog.Failing"/>) makes the node unready and raises a critical alert.
/// </summary>
public sealed class AuditLogConditions(IServiceProvider services) : INodeConditions
{
    private AuditLog[]? logs;

    /// <summary>Every <see cref="AuditLog"/> and <see cref="RefusalAudit"/> registered in the node's services.</summary>
    public IReadOnlyList<AuditLog> Logs => logs ??= [.. services.GetServices<AuditLog>().Concat(services.GetServices<RefusalAudit>().Select(r => r.Log)).Distinct()];

    public void Collect(ICollection<NodeAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var log in Logs)
        {
            if (log.Failing)
            {
                alerts.Add(new NodeAlert(
                    NodeAlertCodes.AuditFailing,
                    NodeAlertCodes.Critical,
                    log.Path,
                    "audit entries cannot be written (" + (log.Fault?.Message ?? "unknown fault") + "); requests that would be audited are refused",
                    Unready: true));
            }
        }
    }
}
