using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Renkei.Metering.Cluster;
using Renkei.Metering.Ingest.JetStream;

namespace Renkei.Metering.Tests.Cluster;

/// <summary>
/// The NATS servers as <c>renkei cluster</c> secures them (TLS against the cluster's CA, a user per node with its
/// area's permissions, <see cref="NatsPermissions"/>), on a real three-server cluster: what is refused is refused by
/// the servers, and the refusal reaches the node as an error naming the user and the subject.
/// </summary>
[Collection(NatsClusterCollection.Name)]
public sealed class NatsSecurityTests
{
    private const string SkipReason = $"{NatsCluster.Variable} is not set (the path of nats-server; .ci/nats.sh sets it)";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task PlainConnection_IsRefused_AndSoIsOneWithoutAUser()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        var node = cluster.Nats();

        // The right user, but no TLS: the server requires TLS and answers nothing else.
        await using (var plain = new NatsConnection(new NatsOpts
        {
            Url = string.Join(",", cluster.Urls),
            AuthOpts = NatsAuthOpts.Default with { Username = node.User, Password = node.Password },
            TlsOpts = NatsTlsOpts.Default with { Mode = TlsMode.Disable },
        }))
        {
            var refused = await Assert.ThrowsAnyAsync<NatsException>(async () => await plain.ConnectAsync().AsTask().WaitAsync(Timeout));
            Assert.Contains("TLS", Describe(refused), StringComparison.OrdinalIgnoreCase);
        }

        // TLS against the CA, but no user: the server refuses the connection.
        await using (var anonymous = new NatsConnection(new NatsOpts
        {
            Url = string.Join(",", cluster.Urls),
            TlsOpts = NatsTlsOpts.Default with { Mode = TlsMode.Require, CaFile = cluster.CaFile },
        }))
        {
            var refused = await Assert.ThrowsAnyAsync<NatsException>(async () => await anonymous.ConnectAsync().AsTask().WaitAsync(Timeout));
            Assert.Contains("Authorization Violation", Describe(refused), StringComparison.OrdinalIgnoreCase);
        }
    }

    [SkippableFact]
    public async Task NodeOfArea03_CannotOpenOrSubscribeToArea06_AndSaysWhy()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();

        // Area 06's own node opens its stream: the stream exists, so what follows is a refusal, not a missing stream.
        using (await JetStreamReadLog.OpenAsync(new JetStreamReadLogOptions { Nats = cluster.Nats("06"), Area = "06" }, ClusterNode.NewRegistry()))
        {
        }

        // With area 03's credentials, area 06's stream cannot be opened: a clear error, well before the start timeout.
        var error = await Assert.ThrowsAsync<IOException>(() => JetStreamReadLog.OpenAsync(
            new JetStreamReadLogOptions { Nats = cluster.Nats("03"), Area = "06", PublishTimeout = TimeSpan.FromSeconds(2), StartTimeout = TimeSpan.FromSeconds(50) },
            ClusterNode.NewRegistry()));
        Assert.Contains("metering-03", error.Message, StringComparison.Ordinal);
        Assert.Contains("Permissions Violation", error.Message, StringComparison.Ordinal);
        Assert.Contains("RENKEI_READS_06", error.Message, StringComparison.Ordinal);

        // Nor can area 06's read subjects be subscribed to directly: the server says so on the connection.
        await using var connection = cluster.Connect("03");
        var denied = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ServerError += (_, e) =>
        {
            denied.TrySetResult(e.Error);
            return ValueTask.CompletedTask;
        };
        await connection.ConnectAsync();
        await using var subscription = await connection.SubscribeCoreAsync<byte[]>("renkei.reads.06.>");
        var said = await denied.Task.WaitAsync(Timeout);
        Assert.Contains("Permissions Violation for Subscription to \"renkei.reads.06.>\"", said, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task HesUser_PublishesItsAreasReads_ButCannotReadTheStreamOrPublishToAnotherArea()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        using (await JetStreamReadLog.OpenAsync(ClusterNode.StreamOptions(cluster), ClusterNode.NewRegistry()))
        {
        }

        var hes = cluster.As(NatsPermissions.HesUser("03"));
        await using var connection = new NatsConnection(new NatsOpts
        {
            Url = string.Join(",", cluster.Urls),
            RequestTimeout = TimeSpan.FromSeconds(3),
            InboxPrefix = hes.InboxPrefix,
            AuthOpts = NatsAuthOpts.Default with { Username = hes.User, Password = hes.Password },
            TlsOpts = NatsTlsOpts.Default with { Mode = TlsMode.Require, CaFile = cluster.CaFile },
        });
        var denied = new List<string>();
        var deniedTwice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ServerError += (_, e) =>
        {
            lock (denied)
            {
                denied.Add(e.Error);
                if (denied.Count == 2)
                {
                    deniedTwice.TrySetResult();
                }
            }

            return ValueTask.CompletedTask;
        };
        var js = new NatsJSContext(connection);

        // Its own area's reads: stored and acknowledged.
        var ack = await js.PublishAsync("renkei.reads.03.0", new byte[] { 1, 2, 3 });
        ack.EnsureSuccess();
        Assert.Equal("RENKEI_READS_03", ack.Stream);

        // Reading the stream back (a consumer) and publishing to area 06 are refused by the server.
        await Assert.ThrowsAnyAsync<NatsException>(async () => await js.CreateOrUpdateConsumerAsync("RENKEI_READS_03", new ConsumerConfig("peek") { AckPolicy = ConsumerConfigAckPolicy.None }));
        await connection.PublishAsync("renkei.reads.06.0", new byte[] { 1 });
        await deniedTwice.Task.WaitAsync(Timeout);
        lock (denied)
        {
            Assert.Contains(denied, d => d.Contains("Permissions Violation for Publish to \"$JS.API.CONSUMER.CREATE.RENKEI_READS_03", StringComparison.Ordinal));
            Assert.Contains(denied, d => d.Contains("Permissions Violation for Publish to \"renkei.reads.06.0\"", StringComparison.Ordinal));
        }
    }

    private static string Describe(Exception e) => e.InnerException is null ? e.Message : $"{e.Message} {Describe(e.InnerException)}";
}
