using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;
using Renkei.Metering.Cluster;

namespace Renkei.Metering.Tests.Cluster;

/// <summary>
/// Partition leases on a real three-server nats-server cluster: nodes split an area's partitions, a node that stops
/// renewing loses them to the other after the TTL and learns it at once when it resumes, a lease whose revision moved
/// is lost at the next renewal, contenders racing for one free partition get exactly one owner, and a lease outlives
/// the SIGKILL of one server of three. Waits are on the leases' own events, each with a timeout.
/// </summary>
[Collection(NatsClusterCollection.Name)]
public sealed class PartitionLeasesTests
{
    private const string SkipReason = $"{NatsCluster.Variable} is not set (the path of nats-server; .ci/nats.sh sets it)";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task TwoNodes_Split16Partitions_EightEach_AndRouteThemToTheirOwners()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        await using var a = await OpenAsync(cluster, "node-a");
        await using var b = await OpenAsync(cluster, "node-b");
        a.Start();

        // Alone, the first node takes the whole area; when the second announces itself, it gives up half.
        await LeaseWaits.UntilAsync(() => a.Owned.Count == 16, a);
        b.Start();
        await LeaseWaits.UntilAsync(() => a.Owned.Count == 8 && b.Owned.Count == 8, a, b);

        Assert.Empty(a.Owned.Intersect(b.Owned));
        await using var connection = Connect(cluster);
        var store = await Store(connection);
        for (var p = 0; p < 16; p++)
        {
            var owner = a.Holds(p) ? a : b;
            var lease = await store.GetEntryAsync<string>($"lease.03.{p}");
            Assert.Contains($"\"owner\":\"{owner.NodeId}\"", lease.Value, StringComparison.Ordinal);
            Assert.Equal((owner.NodeId, new Uri($"http://{owner.NodeId}.test:8080/")), await a.RouteAsync(p));
        }
    }

    [SkippableFact]
    public async Task NodeThatStopsRenewing_LosesItsPartitionsAfterTheTtl_TheOtherTakesThem_AndOnResumingItRaisesLostForEach()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        await using var a = await OpenAsync(cluster, "node-a");
        await using var b = await OpenAsync(cluster, "node-b");
        a.Start();
        await LeaseWaits.UntilAsync(() => a.Owned.Count == 16, a);
        b.Start();
        await LeaseWaits.UntilAsync(() => a.Owned.Count == 8 && b.Owned.Count == 8, a, b);

        var stale = a.Owned.ToHashSet();
        var takenByB = new HashSet<int>();
        b.Acquired += p =>
        {
            lock (takenByB)
            {
                takenByB.Add(p);
            }
        };
        var lost = new List<(int Partition, bool StillClaimed)>();
        a.Lost += p =>
        {
            lock (lost)
            {
                lost.Add((p, a.Holds(p) || a.Owned.Contains(p)));
            }
        };

        // The node stands still (as a process stopped with SIGSTOP): its leases expire and the other node takes them.
        a.PauseRenewals();
        await LeaseWaits.UntilAsync(() => b.Owned.Count == 16, b);
        Assert.All(stale, p => Assert.False(a.Holds(p), $"the paused node still claims partition {p} after its lease expired"));
        lock (takenByB)
        {
            Assert.Superset(stale, takenByB);
        }

        Assert.Empty(lost);

        // Resumed, its first round finds every lease gone: lost is raised for each, and it claims none of them.
        a.ResumeRenewals();
        await LeaseWaits.UntilAsync(
            () =>
            {
                lock (lost)
                {
                    return lost.Select(l => l.Partition).ToHashSet().SetEquals(stale);
                }
            },
            a);
        lock (lost)
        {
            Assert.Equal(stale.Count, lost.Count);
            Assert.All(lost, l => Assert.False(l.StillClaimed, $"partition {l.Partition} was still claimed when lost was raised"));
        }
    }

    [SkippableFact]
    public async Task LeaseWhoseRevisionMoved_IsLostAtTheNextRenewal()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        await using var a = await OpenAsync(cluster, "node-a", partitions: 4);
        a.Start();
        await LeaseWaits.UntilAsync(() => a.Owned.Count == 4, a);
        var lost = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Lost += p => lost.TrySetResult(p);

        // Another writer moves partition 2's revision (as a node that took it would): the owner's compare-and-set fails.
        await using var connection = Connect(cluster);
        var store = await Store(connection);
        var entry = await store.GetEntryAsync<string>("lease.03.2");
        var until = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
        await store.UpdateAsync("lease.03.2", $$"""{"owner":"intruder","expires":{{until}}}""", entry.Revision);

        Assert.Equal(2, await lost.Task.WaitAsync(Timeout));
        Assert.False(a.Holds(2));
        Assert.Equal([0, 1, 3], a.Owned);
    }

    [SkippableFact]
    public async Task ContendersRacingForOneFreePartition_ExactlyOneOwnerEachTime()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        const int Rounds = 25;
        var contenders = new List<PartitionLeases>();
        try
        {
            for (var c = 0; c < 5; c++)
            {
                // Each on its own NATS connection; the rounds are not started, so only the race below takes. A long lease:
                // a loaded machine must not let the winner's lease expire (or a call time out) within a round.
                contenders.Add(await OpenAsync(cluster, $"contender-{c}", partitions: Rounds, ttl: TimeSpan.FromSeconds(30)));
            }

            await using var connection = Connect(cluster);
            var store = await Store(connection);
            for (var round = 0; round < Rounds; round++)
            {
                var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var partition = round;
                var attempts = contenders.Select(c => Task.Run(async () =>
                {
                    await go.Task;
                    return await c.TryTakeAsync(partition);
                })).ToArray();
                go.SetResult();
                var won = await Task.WhenAll(attempts).WaitAsync(Timeout);

                Assert.Equal(1, won.Count(w => w));
                var winner = contenders[Array.IndexOf(won, true)];
                Assert.Single(contenders, c => c.Holds(partition));
                Assert.Contains($"\"owner\":\"{winner.NodeId}\"", (await store.GetEntryAsync<string>($"lease.03.{partition}")).Value, StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var c in contenders)
            {
                await c.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task KillOneNatsServerOfThree_LeasesAreRenewedAndNoneIsLost()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        // A TTL longer than the bucket's leader election takes on a loaded machine (over 10 s seen with other clusters
        // running beside it): the lease must outlive the election, not race it.
        await using var a = await OpenAsync(cluster, "node-a", partitions: 4, ttl: TimeSpan.FromSeconds(20));
        var lost = 0;
        a.Lost += _ => Interlocked.Increment(ref lost);
        a.Start();
        await LeaseWaits.UntilAsync(() => a.Owned.Count == 4, a);
        var owned = a.Owned;

        // The bucket's stream leader dies: the two others elect a new one and keep every lease's revision.
        await cluster.KillAsync(await cluster.StreamLeaderAsync("KV_renkei-leases"));
        var renewedAfterKill = 0;
        a.RoundCompleted += () =>
        {
            if (a.Reachable)
            {
                Interlocked.Increment(ref renewedAfterKill);
            }
        };

        // Three answered rounds after the kill: a TTL of renewals on the two servers left. Two minutes: the election
        // and the client's reconnection share two cores with the other test assemblies in CI.
        await LeaseWaits.UntilAsync(() => Volatile.Read(ref renewedAfterKill) >= 3, TimeSpan.FromMinutes(2), a);
        Assert.Equal(0, Volatile.Read(ref lost));
        Assert.Equal(owned, a.Owned);
    }

    private static Task<PartitionLeases> OpenAsync(NatsCluster cluster, string id, int partitions = 16, TimeSpan? ttl = null) =>
        PartitionLeases.OpenAsync(
            new PartitionLeaseOptions
            {
                Nats = cluster.Nats(),
                Area = "03",
                Partitions = partitions,
                NodeId = id,
                Ttl = ttl ?? TimeSpan.FromSeconds(3),
                InternalUrl = new Uri($"http://{id}.test:8080/"),
            });

    private static NatsConnection Connect(NatsCluster cluster) => cluster.Connect();

    private static async Task<INatsKVStore> Store(NatsConnection connection) =>
        await new NatsKVContext(new NatsJSContext(connection)).GetStoreAsync("renkei-leases");
}
