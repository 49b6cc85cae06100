using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Renkei.Metering.Cluster;

/// <summary>
/// Runs the node's partition leases with the host: the rounds begin once the internal API listens (its URL goes in
/// the routing table), and stop with the host, giving up every lease so the other nodes take them at once.
/// </summary>
internal sealed partial class PartitionLeaseService(PartitionLeases leases, MeteringListeners listeners, IHostApplicationLifetime lifetime, ILogger<PartitionLeaseService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        leases.Acquired += p => LogAcquired(logger, leases.Options.Area, p, leases.NodeId);
        leases.Lost += p => LogLost(logger, leases.Options.Area, p, leases.NodeId);
        lifetime.ApplicationStarted.Register(() =>
        {
            leases.Options.InternalUrl ??= listeners.Url;
            leases.Start();
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await leases.DisposeAsync().ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took partition {Area}.{Partition} (node {Node})")]
    private static partial void LogAcquired(ILogger logger, string area, int partition, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost partition {Area}.{Partition} (node {Node}): its lease could not be renewed or was given up; the node no longer owns it")]
    private static partial void LogLost(ILogger logger, string area, int partition, string node);
}
