using System.Diagnostics.Metrics;
using Renkei.Formats.Api.Operations;

namespace Renkei.Hosting.Observability;

/// <summary>
/// The <see cref="RenkeiMeters.Node"/> instruments every node has, all observed at collection time (nothing on a
/// request path): <c>renkei.node.disk.free</c> per data folder, <c>renkei.node.audit.failing</c> per audit log, and
/// <c>renkei.node.alerts</c> per alert code and severity.
/// </summary>
public sealed class NodeGauges
{
    public NodeGauges(IMeterFactory meters, DiskSpace disk, AuditLogConditions audit, NodeConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(RenkeiMeters.Node);
        meter.CreateObservableGauge("renkei.node.disk.free", () => Free(disk), "By", "Free bytes of the volume under each data folder");
        meter.CreateObservableGauge("renkei.node.disk.threshold", () => Thresholds(disk), "By", "Free bytes below which the folder makes the node unready");
        meter.CreateObservableGauge(
            "renkei.node.audit.failing",
            () => audit.Logs.Select(l => new Measurement<int>(l.Failing ? 1 : 0, new KeyValuePair<string, object?>("log", l.Path))),
            "{log}",
            "1 while the audit log cannot be written (the node refuses what it cannot audit)");
        meter.CreateObservableGauge("renkei.node.alerts", () => Alerts(conditions), "{alert}", "The node's faults now, per code and severity");
    }

    private static IEnumerable<Measurement<long>> Free(DiskSpace disk)
    {
        foreach (var folder in disk.Folders)
        {
            if (DiskSpace.Measure(folder) is { } space)
            {
                yield return new Measurement<long>(space.Free, new KeyValuePair<string, object?>("folder", folder));
            }
        }
    }

    private static IEnumerable<Measurement<long>> Thresholds(DiskSpace disk)
    {
        foreach (var folder in disk.Folders)
        {
            if (DiskSpace.Measure(folder) is { } space)
            {
                yield return new Measurement<long>(disk.ThresholdOf(space.Total), new KeyValuePair<string, object?>("folder", folder));
            }
        }
    }

    private static IEnumerable<Measurement<int>> Alerts(NodeConditions conditions) =>
        conditions.Current()
            .GroupBy(a => (a.Code, a.Severity))
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("code", g.Key.Code), new KeyValuePair<string, object?>("severity", g.Key.Severity)));
}
