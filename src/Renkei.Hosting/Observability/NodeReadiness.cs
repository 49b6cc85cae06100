using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Renkei.Hosting.Observability;

/// <summary>
/// <c>/health/ready</c>'s check of the node's faults: unhealthy while any alert makes the node unready (a data folder
/// below its free-space threshold, an audit log or the read log that cannot be written), naming each.
/// </summary>
internal sealed class NodeReadiness(NodeConditions conditions) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var blocking = conditions.Current().Where(a => a.Unready).ToList();
        return Task.FromResult(blocking.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(string.Join("; ", blocking.Select(a => $"{a.Code} {a.Subject}: {a.Detail}"))));
    }
}
