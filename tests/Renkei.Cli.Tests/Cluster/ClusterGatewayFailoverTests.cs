using System.Net;

namespace Renkei.Cli.Tests.Cluster;

/// <summary>
/// <c>renkei cluster</c>'s two gateway instances on one PostgreSQL store, as real processes: a token of gateway-1 is
/// accepted by gateway-2, and after <c>kill -9</c> of gateway-1, gateway-2 still serves that token and issues new ones.
/// </summary>
public sealed class ClusterGatewayFailoverTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-cluster-tests", Guid.NewGuid().ToString("N"));

    [SkippableFact]
    public async Task TokenOfGateway1_ReadsThroughGateway2_AndGateway2ServesAndIssuesAfterGateway1IsKilled()
    {
        using var cluster = await RunningCluster.StartAsync(Path.Combine(folder, "cluster"));
        var gateways = cluster.Processes.Where(p => p.Role == "gateway").ToList();
        Assert.Equal(["gateway-1", "gateway-2"], gateways.Select(g => g.Name));
        var (first, second) = (gateways[0], gateways[1]);
        Assert.Equal(first.Url, cluster.Root.GetProperty("gateway").GetString());

        using var issued = await cluster.RequestTokenAsync(first.Url);
        var token = await RunningCluster.AccessTokenOfAsync(issued);
        using (var read = await cluster.ReadDayAsync(second.Url, token))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        // kill -9: the cluster reports gateway-1's death (the line says it is gone) and keeps the others running.
        var mark = cluster.Lines.Count;
        await RunningCluster.SignalAsync("-9", first.Pid);
        await cluster.Lines.WaitForAsync($"renkei cluster: gateway-1 (pid {first.Pid}) exited", mark, TimeSpan.FromMinutes(1));
        Assert.False(RunningCluster.IsRunning(first.Pid));

        using (var sameToken = await cluster.ReadDayAsync(second.Url, token))
        {
            Assert.Equal(HttpStatusCode.OK, sameToken.StatusCode);
        }

        using var reissued = await cluster.RequestTokenAsync(second.Url);
        var newToken = await RunningCluster.AccessTokenOfAsync(reissued);
        Assert.NotEqual(token, newToken);
        using (var newRead = await cluster.ReadDayAsync(second.Url, newToken))
        {
            Assert.Equal(HttpStatusCode.OK, newRead.StatusCode);
        }

        Assert.Equal(0, await cluster.InterruptAsync());
        Assert.False(RunningCluster.IsRunning(second.Pid), $"gateway-2 (pid {second.Pid}) still runs after the cluster stopped");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the temp folder's own cleanup.
        }
    }
}
