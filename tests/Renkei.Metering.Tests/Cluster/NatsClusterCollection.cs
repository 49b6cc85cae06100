namespace Renkei.Metering.Tests.Cluster;

/// <summary>
/// The test classes that start three-server NATS clusters run one at a time: side by side on two cores, their
/// JetStream leader elections outlast the leases and start timeouts the tests hold them to.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NatsClusterCollection
{
    public const string Name = "nats clusters";
}
