using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Renkei.Cli.Tests.Serve;

namespace Renkei.Cli.Tests.Cluster;

/// <summary>
/// <c>renkei cluster</c> as a user runs it: a real process starting real nats-server, PostgreSQL databases and a
/// renkei process per part, then stopped with SIGINT.
/// </summary>
public sealed class ClusterCommandTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-cluster-tests", Guid.NewGuid().ToString("N"));

    [SkippableFact]
    public async Task Cluster_StartsEveryPartAsItsOwnProcess_ServesARetailer_AndStopsThemAllOnSigint()
    {
        var nats = Environment.GetEnvironmentVariable("RENKEI_TEST_NATS");
        var postgres = Environment.GetEnvironmentVariable("RENKEI_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(nats) || string.IsNullOrEmpty(postgres), "RENKEI_TEST_NATS and RENKEI_TEST_POSTGRES are needed");
        var data = Path.Combine(folder, "cluster");
        var start = WithDefaultSigint(Renkei("cluster", "--data", data, "--meters", "60", "--postgres", postgres!, "--port", "0", "--web-port", "0"));
        start.Environment["PATH"] = Path.GetDirectoryName(nats) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        using var cluster = Process.Start(start)!;
        var lines = new ProcessLines(cluster);
        try
        {
            await lines.WaitForAsync("Press Ctrl+C to stop.", 0, StartTimeout);
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "cluster.json")));
            var root = manifest.RootElement;
            var processes = root.GetProperty("processes").EnumerateArray()
                .Select(p => (Role: p.GetProperty("role").GetString()!, Name: p.GetProperty("name").GetString()!, Pid: p.GetProperty("pid").GetInt32(), Url: p.GetProperty("url").GetString()!))
                .ToList();
            Assert.Equal(
                ["gateway", "metering", "nats", "simulator", "switching", "tso", "web"],
                processes.Select(p => p.Role).Distinct().Order());
            Assert.Equal(3, processes.Count(p => p.Role == "nats"));

            // Every listed process runs, and every address answers.
            using var ca = X509CertificateLoader.LoadCertificateFromFile(root.GetProperty("caCertificate").GetString()!);
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == ca.Thumbprint };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
            foreach (var (_, name, pid, url) in processes)
            {
                using var process = Process.GetProcessById(pid);
                Assert.False(process.HasExited, $"{name} (pid {pid}) is not running");
                var uri = new Uri(url);
                if (uri.Scheme is "http" or "https")
                {
                    // Any HTTP answer (internal routes refuse an unsigned caller) shows the listener serves.
                    using var answer = await http.GetAsync(uri);
                    Assert.True((int)answer.StatusCode is >= 200 and < 500, $"{name} at {url} answered {answer.StatusCode}");
                }
                else
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync(uri.Host, uri.Port);
                }
            }

            // A retailer's token from the gateway, then a supply point's day through it.
            var retailer = root.GetProperty("retailers")[0];
            using var tokenResponse = await http.PostAsync(
                new Uri(root.GetProperty("tokenEndpoint").GetString()!),
                new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = retailer.GetProperty("clientId").GetString()!,
                    ["client_secret"] = retailer.GetProperty("clientSecret").GetString()!,
                }));
            Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
            using var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
            var point = retailer.GetProperty("suppliesToday")[0].GetString();
            var day = root.GetProperty("simulation").GetProperty("yesterday").GetString();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{root.GetProperty("gateway").GetString()}/api/v1/supply-points/{point}/intervals?date={day}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("access_token").GetString());
            using var intervals = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, intervals.StatusCode);
            using var body = JsonDocument.Parse(await intervals.Content.ReadAsStringAsync());
            Assert.Equal(point, body.RootElement.GetProperty("supplyPointId").GetString());
            Assert.Equal(48, body.RootElement.GetProperty("slots").GetArrayLength());

            // SIGINT (Ctrl+C): every process is gone and the cluster exits 0.
            using (var kill = Process.Start("kill", ["-INT", cluster.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await lines.WaitForAsync("Stopping...", 0, TimeSpan.FromMinutes(1));
            await cluster.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.Equal(0, cluster.ExitCode);
            foreach (var (_, name, pid, _) in processes)
            {
                Assert.False(IsRunning(pid), $"{name} (pid {pid}) still runs after the cluster stopped");
            }
        }
        finally
        {
            if (!cluster.HasExited)
            {
                cluster.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Cluster_WithoutNatsServerOnPath_SaysWhichPackageToInstall_AndStartsNothing()
    {
        var data = Path.Combine(folder, "no-nats");
        var start = Renkei("cluster", "--data", data, "--meters", "10", "--postgres", "Host=127.0.0.1;Username=nobody");
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

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static ProcessStartInfo Renkei(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "renkei.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>
    /// Starts it through <c>env --default-signal=INT</c>, as a terminal would: a test runner started in the background
    /// of a script inherits SIGINT ignored, passes that on, and .NET then leaves Ctrl+C unhandled, so the SIGINT this
    /// test sends would never arrive. <c>env</c> execs in place: the process id stays the cluster's.
    /// </summary>
    private static ProcessStartInfo WithDefaultSigint(ProcessStartInfo start)
    {
        start.ArgumentList.Insert(0, start.FileName);
        start.ArgumentList.Insert(0, "--default-signal=INT");
        start.FileName = "/usr/bin/env";
        return start;
    }

    /// <summary>The dotnet host running these tests (the child's PATH may not lead to it).</summary>
    private static string DotnetHost() => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
