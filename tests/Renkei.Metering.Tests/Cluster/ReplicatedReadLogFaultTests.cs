using System.Net;
using Renkei.Domain.Time;

namespace Renkei.Metering.Tests.Cluster;

/// <summary>
/// The read log as a JetStream stream replicated on three real nats-server processes, under faults: a server
/// killed with SIGKILL, two of three down, a metering node restarted. A batch counts as acknowledged when the HES
/// answered <c>200</c>; every acknowledged read must be in the stream exactly once and in the engine.
/// </summary>
[Collection(NatsClusterCollection.Name)]
public sealed class ReplicatedReadLogFaultTests
{
    private const string SkipReason = $"{NatsCluster.Variable} is not set (the path of nats-server; .ci/nats.sh sets it)";

    [SkippableFact]
    public async Task KillOneServerOfThree_DuringIngest_IngestGoesOnAndEveryAcknowledgedReadIsKept()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        var node = await ClusterNode.StartAsync(cluster);
        try
        {
            var stream = ClusterNode.StreamOptions(cluster).StreamName;
            var acknowledged = new List<ClusterNode.Read>();
            var tenth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var afterKill = 0;
            var killed = false;
            var ingest = Task.Run(async () =>
            {
                for (var k = 0; k < 30; k++)
                {
                    var (reads, body) = ClusterNode.Batch(k);
                    await node.PostUntilAcknowledgedAsync(cluster, body);
                    lock (acknowledged)
                    {
                        acknowledged.AddRange(reads);
                        afterKill += Volatile.Read(ref killed) ? 1 : 0;
                    }

                    if (k == 9)
                    {
                        tenth.SetResult();
                    }
                }
            });

            // The stream's leader dies mid-ingest: the other two elect a new one and keep every acknowledged message.
            await tenth.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var leader = await cluster.StreamLeaderAsync(stream);
            await cluster.KillAsync(leader);
            Volatile.Write(ref killed, true);
            await ingest.WaitAsync(TimeSpan.FromSeconds(120));

            Assert.True(afterKill > 0, "no batch was acknowledged after the kill");
            Assert.Equal(30 * ClusterNode.Meters, acknowledged.Count);
            Assert.Equal(acknowledged.Count, node.Engine.AcceptedTotal);
            Assert.Equal(Sorted(acknowledged), Sorted(ClusterNode.ReadsInStream(cluster)));
        }
        finally
        {
            await node.DisposeAsync();
            ClusterNode.DeleteFolder(node.Folder);
        }
    }

    [SkippableFact]
    public async Task TwoOfThreeServersDown_Refuses503AndAcknowledgesNothing_ResumesWhenOneReturns()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        var node = await ClusterNode.StartAsync(cluster);
        try
        {
            var stream = ClusterNode.StreamOptions(cluster).StreamName;
            var acknowledged = new List<ClusterNode.Read>();
            for (var k = 0; k < 5; k++)
            {
                var (reads, body) = ClusterNode.Batch(k);
                await node.PostUntilAcknowledgedAsync(cluster, body);
                acknowledged.AddRange(reads);
            }

            await cluster.KillAsync(1);
            await cluster.KillAsync(2);
            var (refusedReads, refused) = ClusterNode.Batch(5);
            using (var response = await node.PostAsync(refused))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            Assert.Equal(acknowledged.Count, node.Engine.AcceptedTotal);

            // One server back: two of three again. The same node, not restarted, takes the refused batch.
            await cluster.RestartAsync(1);
            await cluster.WaitForStreamLeaderAsync(stream);
            await node.PostUntilAcknowledgedAsync(cluster, refused);
            acknowledged.AddRange(refusedReads);
            for (var k = 6; k < 9; k++)
            {
                var (reads, body) = ClusterNode.Batch(k);
                await node.PostUntilAcknowledgedAsync(cluster, body);
                acknowledged.AddRange(reads);
            }

            Assert.Equal(acknowledged.Count, node.Engine.AcceptedTotal);
            Assert.Equal(Sorted(acknowledged), Sorted(ClusterNode.ReadsInStream(cluster)));
        }
        finally
        {
            await node.DisposeAsync();
            ClusterNode.DeleteFolder(node.Folder);
        }
    }

    [SkippableFact]
    public async Task NodeRestarted_ReplaysTheStream_EveryAcknowledgedReadExactlyOnce()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        var first = await ClusterNode.StartAsync(cluster);
        var folder = first.Folder;
        var acknowledged = 0L;
        var slots = Enumerable.Range(1, 12).Select(s => new Slot(ClusterNode.Day, s)).ToArray();
        ulong[] expected;
        try
        {
            for (var k = 0; k <= 12; k++)
            {
                var (reads, body) = ClusterNode.Batch(k);
                await first.PostUntilAcknowledgedAsync(cluster, body);
                acknowledged += reads.Length;

                // A snapshot halfway: the restarted node loads it and replays only the stream after its sequence.
                if (k == 6)
                {
                    first.Engine.WriteSnapshot(Path.Combine(folder, "snapshots-jetstream"));
                }
            }

            // A batch sent again (the meter side did not see the answer): duplicates, nothing new in the stream.
            using (var again = await first.PostAsync(ClusterNode.Batch(3).Body))
            {
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            }

            expected = [.. slots.Select(first.Engine.Fingerprint)];
            Assert.Equal(acknowledged, first.Engine.AcceptedTotal);
        }
        finally
        {
            await first.DisposeAsync();
        }

        // The same node's folder (snapshot, then the stream after it) and a fresh folder (the whole stream).
        var restarted = await ClusterNode.StartAsync(cluster, folder);
        var fresh = await ClusterNode.StartAsync(cluster);
        try
        {
            Assert.True(Directory.EnumerateFileSystemEntries(Path.Combine(folder, "snapshots-jetstream")).Any(), "no snapshot was written");
            foreach (var node in new[] { restarted, fresh })
            {
                Assert.Equal(acknowledged, node.Engine.AcceptedTotal);
                Assert.Equal(expected, slots.Select(node.Engine.Fingerprint));
            }

            var inStream = ClusterNode.ReadsInStream(cluster);
            Assert.Equal(acknowledged, inStream.Count);
            Assert.Equal(inStream.Count, inStream.Distinct().Count());
        }
        finally
        {
            await restarted.DisposeAsync();
            await fresh.DisposeAsync();
            ClusterNode.DeleteFolder(folder);
            ClusterNode.DeleteFolder(fresh.Folder);
        }
    }

    private static List<ClusterNode.Read> Sorted(IEnumerable<ClusterNode.Read> reads) =>
        [.. reads.OrderBy(r => r.MeterId, StringComparer.Ordinal).ThenBy(r => r.UtcTicks)];
}
