namespace Renkei.Metering.Cluster;

/// <summary>
/// How a metering node takes part in its area's partition leases (cluster mode): the NATS servers, the area and its
/// number of partitions (the read log's), the node's id and internal URL, and the lease TTL. The leases and the
/// routing table live in one JetStream key-value bucket, <see cref="Bucket"/> (docs/architecture.md).
/// </summary>
public sealed class PartitionLeaseOptions
{
    /// <summary>The NATS servers and how to connect to them (TLS, the node's user): the read log's.</summary>
    public required NatsConnectionOptions Nats { get; init; }

    /// <summary>The two-digit TSO area whose partitions the node may own.</summary>
    public required string Area { get; init; }

    /// <summary>How many partitions the area has (the read log's <c>Partitions</c>).</summary>
    public int Partitions { get; init; } = 16;

    /// <summary>The node's id, unique in the cluster: what the leases name as their owner.</summary>
    public required string NodeId { get; init; }

    /// <summary>The node's internal API, written in the routing table for each partition it owns (null: none yet).</summary>
    public Uri? InternalUrl { get; set; }

    /// <summary>How long a lease (and the node's announcement) lasts without renewal; renewed every third of it.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The clock of expiries and rounds: the machine's, not the market clock a demo or test may shift, as expiries are
    /// compared across nodes.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The bucket of leases, node announcements and routes (a stream <c>KV_&lt;bucket&gt;</c>).</summary>
    public string Bucket { get; init; } = DefaultBucket;

    /// <summary>On how many servers the bucket keeps each entry: 3 on a cluster of three or more servers, else 1.</summary>
    public int Replicas => Nats.Servers.Count >= 3 ? 3 : 1;

    /// <summary>How long start-up waits for the cluster to create the bucket and elect its leader.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The key of a partition's lease.</summary>
    public string LeaseKey(int partition) => $"lease.{Area}.{partition}";

    /// <summary>The default bucket's name.</summary>
    public const string DefaultBucket = "renkei-leases";

    /// <summary>The prefixes of the keys an area's nodes write (leases, routes, announcements): <c>lease.&lt;area&gt;</c> and so on.</summary>
    public static string[] KeyPrefixesOf(string area) => [$"lease.{area}", $"route.{area}", $"node.{area}"];

    /// <summary>The key of a partition's route (the owner's internal URL).</summary>
    public string RouteKey(int partition) => $"route.{Area}.{partition}";

    /// <summary>The key of a node's announcement in this area.</summary>
    public string NodeKey(string nodeId) => $"node.{Area}.{nodeId}";

    /// <summary>Every node announcement of this area (a key filter).</summary>
    public string NodeKeys => $"node.{Area}.*";

    /// <summary>Checks the values: a clear error naming the setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Nats, nameof(Nats));
        Nats.Validate();

        if (Area is not { Length: 2 } || !char.IsAsciiDigit(Area[0]) || !char.IsAsciiDigit(Area[1]))
        {
            throw new ArgumentException($"the area '{Area}' must be a two-digit TSO area code such as 03", nameof(Area));
        }

        if (string.IsNullOrEmpty(NodeId) || NodeId.Length > 64 || !NodeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"the node id '{NodeId}' must be 1 to 64 letters, digits, '-' or '_'", nameof(NodeId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Partitions, 1, nameof(Partitions));
        if (Ttl < TimeSpan.FromSeconds(1) || Ttl > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Ttl), Ttl, "the lease TTL must be 1 s to 10 min");
        }
    }
}
