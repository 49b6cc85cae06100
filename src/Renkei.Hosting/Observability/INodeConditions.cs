using Renkei.Formats.Api.Operations;

namespace Renkei.Hosting.Observability;

/// <summary>
/// A source of a node's faults (disk space, an audit log, the read log, a TSO, a slot's deadline). Registered as a
/// singleton; <see cref="NodeConditions"/> asks every source, for <c>/health/ready</c>, <c>/alerts</c> and the
/// dashboard. Collecting is cheap and never blocks on I/O beyond a file system query.
/// </summary>
public interface INodeConditions
{
    void Collect(ICollection<NodeAlert> alerts);
}

/// <summary>Every fault of the node now, from all its <see cref="INodeConditions"/>.</summary>
public sealed class NodeConditions(IEnumerable<INodeConditions> sources, NodeName node, TimeProvider? clock = null)
{
    private readonly INodeConditions[] sources = [.. sources];

    public string Node => node.Value;

    public IReadOnlyList<NodeAlert> Current()
    {
        var alerts = new List<NodeAlert>();
        foreach (var source in sources)
        {
            source.Collect(alerts);
        }

        return alerts;
    }

    public NodeAlerts Report() => new(node.Value, (clock ?? TimeProvider.System).GetUtcNow(), Current());
}

/// <summary>The node's name in metrics, traces and alerts (<c>metering</c>, <c>switching</c>, <c>tso-03</c>, <c>gateway</c>, <c>web</c>).</summary>
public sealed record NodeName(string Value);
