using System.Diagnostics.Metrics;
using System.Globalization;
using Renkei.Formats.Api.Operations;
using Renkei.Hosting.Observability;

namespace Renkei.Metering.Cluster;

/// <summary>
/// The leases' fault for <c>/health/ready</c>, <c>/alerts</c> and the dashboard: the node is not ready while it holds
/// no partition (critical when NATS did not answer its last round, a warning for a standby node or one waiting for
/// partitions to be given up).
/// </summary>
internal sealed class LeaseConditions(PartitionLeases leases) : INodeConditions
{
    public void Collect(ICollection<NodeAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (leases.Owned.Count > 0)
        {
            return;
        }

        var reachable = leases.Reachable;
        alerts.Add(new NodeAlert(
            NodeAlertCodes.LeasesNotHeld,
            reachable ? NodeAlertCodes.Warning : NodeAlertCodes.Critical,
            "area " + leases.Options.Area,
            reachable
                ? string.Create(CultureInfo.InvariantCulture, $"node {leases.NodeId} holds none of the area's {leases.Options.Partitions} partitions (a standby, or waiting for other nodes to give some up)")
                : $"node {leases.NodeId} holds no partition: the NATS servers did not answer its last lease round",
            Unready: true));
    }
}

/// <summary>The gauge <c>renkei.partitions.owned</c> (Prometheus <c>renkei_partitions_owned</c>): the partitions this node holds now.</summary>
internal sealed class LeaseGauge
{
    public LeaseGauge(IMeterFactory meters, PartitionLeases leases)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(leases);
        meters.Create(RenkeiMeters.Metering).CreateObservableGauge(
            "renkei.partitions.owned",
            () => new Measurement<int>(leases.Owned.Count, new KeyValuePair<string, object?>("area", leases.Options.Area)),
            "{partition}",
            "The partitions of its area this metering node holds through leases now");
    }
}
