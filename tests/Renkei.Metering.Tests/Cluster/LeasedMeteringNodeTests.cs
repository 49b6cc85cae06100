using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Hosting.Observability;
using Renkei.Metering.Cluster;

namespace Renkei.Metering.Tests.Cluster;

/// <summary>
/// A metering node in cluster mode with partition leases, on a real three-server cluster: ready and reporting the
/// partitions it holds (<c>renkei_partitions_owned</c>) and routing them to its internal URL while it holds them;
/// when two servers of three die its renewals go unanswered, it gives every lease up at its expiry and is not ready.
/// </summary>
[Collection(NatsClusterCollection.Name)]
public sealed class LeasedMeteringNodeTests
{
    private const string SkipReason = $"{NatsCluster.Variable} is not set (the path of nats-server; .ci/nats.sh sets it)";

    [SkippableFact]
    public async Task NodeIsReadyOnlyWhileItHoldsLeases_ReportsThem_AndGivesThemUpWhenNatsCannotRenewThem()
    {
        Skip.If(NatsCluster.Binary is null, SkipReason);
        await using var cluster = await NatsCluster.StartAsync();
        var node = await ClusterNode.StartAsync(cluster, leases: new PartitionLeaseOptions
        {
            Nats = cluster.Nats(),
            Area = "03",
            NodeId = "metering-a",
            Ttl = TimeSpan.FromSeconds(3),
        });
        try
        {
            var leases = node.App.Services.GetRequiredService<PartitionLeases>();
            var lost = new HashSet<int>();
            leases.Lost += p =>
            {
                lock (lost)
                {
                    lost.Add(p);
                }
            };
            var roundWithAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            leases.RoundCompleted += () =>
            {
                if (leases.Owned.Count == 16)
                {
                    roundWithAll.TrySetResult();
                }
            };

            // A round that ends holding all 16 has written their routes too.
            await roundWithAll.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var ops = new HttpClient { BaseAddress = NodeObservability.OpsUrl(node.App.Services) };

            using (var ready = await ops.GetAsync("health/ready"))
            {
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }

            Assert.Equal(16, Value(await ops.GetStringAsync("metrics"), "renkei_partitions_owned"));
            var url = MeteringListeners.Of(node.App).Url;
            for (var p = 0; p < 16; p++)
            {
                Assert.Equal(("metering-a", url), await leases.RouteAsync(p));
            }

            // No majority: renewals go unanswered, and at each lease's expiry the node gives it up.
            await cluster.KillAsync(0);
            await cluster.KillAsync(1);
            await LeaseWaits.UntilAsync(
                () =>
                {
                    lock (lost)
                    {
                        return lost.Count == 16;
                    }
                },
                leases);

            Assert.Empty(leases.Owned);
            using var unready = await ops.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
            Assert.Contains("leases-not-held", await unready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(0, Value(await ops.GetStringAsync("metrics"), "renkei_partitions_owned"));
        }
        finally
        {
            await node.DisposeAsync();
            ClusterNode.DeleteFolder(node.Folder);
        }
    }

    /// <summary>The value of the first sample of <paramref name="metric"/> (any labels) in a Prometheus text exposition.</summary>
    private static double Value(string text, string metric)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(metric) + @"(\{[^}]*\})? (\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{metric} not in the scrape:\n{text}");
        return double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }
}
