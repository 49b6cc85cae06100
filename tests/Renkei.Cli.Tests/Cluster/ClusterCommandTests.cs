using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Renkei.Cli.Tests.Cluster;

/// <summary>
/// <c>renkei cluster</c> as a user runs it: a real process starting real nats-server, PostgreSQL databases and a
/// renkei process per part, then stopped with SIGINT.
/// </summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-cluster-tests", Guid.NewGuid().ToString("N"));

    [SkippableFact]
    public async Task Cluster_StartsEveryPartAsItsOwnProcess_ServesARetailer_AndStopsThemAllOnSigint()
    {
        using var cluster = await RunningCluster.StartAsync(Path.Combine(folder, "cluster"));
        var processes = cluster.Processes;
        Assert.Equal(
            ["gateway", "metering", "nats", "simulator", "switching", "tso", "web"],
            processes.Select(p => p.Role).Distinct().Order());
        Assert.Equal(3, processes.Count(p => p.Role == "nats"));

        // Every listed process runs, and every address answers.
        foreach (var (_, name, pid, url) in processes)
        {
            using var process = Process.GetProcessById(pid);
            Assert.False(process.HasExited, $"{name} (pid {pid}) is not running");
            var uri = new Uri(url);
            if (uri.Scheme is "http" or "https")
            {
                // Any HTTP answer (internal routes refuse an unsigned caller) shows the listener serves.
                using var answer = await cluster.Http.GetAsync(uri);
                Assert.True((int)answer.StatusCode is >= 200 and < 500, $"{name} at {url} answered {answer.StatusCode}");
            }
            else
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(uri.Host, uri.Port);
            }
        }

        // A retailer's token from the gateway, then a supply point's day through it.
        using var tokenResponse = await cluster.RequestTokenAsync();
        var token = await RunningCluster.AccessTokenOfAsync(tokenResponse);
        using var intervals = await cluster.ReadDayAsync(cluster.Root.GetProperty("gateway").GetString()!, token);
        Assert.Equal(HttpStatusCode.OK, intervals.StatusCode);
        using var body = JsonDocument.Parse(await intervals.Content.ReadAsStringAsync());
        Assert.Equal(cluster.SupplyPoint, body.RootElement.GetProperty("supplyPointId").GetString());
        Assert.Equal(48, body.RootElement.GetProperty("slots").GetArrayLength());

        // SIGINT (Ctrl+C): every process is gone and the cluster exits 0.
        Assert.Equal(0, await cluster.InterruptAsync());
        foreach (var (_, name, pid, _) in processes)
        {
            Assert.False(RunningCluster.IsRunning(pid), $"{name} (pid {pid}) still runs after the cluster stopped");
        }
    }

    [Fact]
    public async Task Cluster_WithoutNatsServerOnPath_SaysWhichPackageToInstall_AndStartsNothing()
    {
        var data = Path.Combine(folder, "no-nats");
        var start = RunningCluster.Renkei("cluster", "--data", data, "--meters", "10", "--postgres", "Host=127.0.0.1;Username=nobody");
        var empty = Directory.CreateDirectory(Path.Combine(folder, "empty-path")).FullName;
        start.Environment["PATH"] = empty;
        using var cluster = Process.Start(start)!;
        var output = cluster.StandardOutput.ReadToEndAsync();
        var error = await cluster.StandardError.ReadToEndAsync();
        await cluster.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, cluster.ExitCode);
        Assert.Contains("nats-server was not found on PATH; install the Debian package nats-server", error, StringComparison.Ordinal);
        Assert.DoesNotContain("nats ", await output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(data, "logs")), "a process was started (logs/ exists)");
        Assert.False(File.Exists(Path.Combine(data, "cluster.json")));
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
