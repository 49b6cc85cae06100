using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Renkei.Cli.Tests.Serve;

namespace Renkei.Cli.Tests.Cluster;

/// <summary>
/// <c>renkei cluster</c> started as a user starts it (a real process, real nats-server and PostgreSQL), up once it
/// printed "Press Ctrl+C to stop.": its cluster.json, an HTTP client pinning the gateway's certificate, and the
/// retailer calls the tests make. Disposing kills whatever still runs.
/// </summary>
internal sealed class RunningCluster : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);
    private readonly HttpClientHandler handler;
    private readonly X509Certificate2 ca;
    private readonly JsonDocument manifest;

    private RunningCluster(Process process, ProcessLines lines, JsonDocument manifest)
    {
        Process = process;
        Lines = lines;
        this.manifest = manifest;
        ca = X509CertificateLoader.LoadCertificateFromFile(Root.GetProperty("caCertificate").GetString()!);
        handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == ca.Thumbprint };
        Http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        Processes = [.. Root.GetProperty("processes").EnumerateArray()
            .Select(p => new ClusterChild(p.GetProperty("role").GetString()!, p.GetProperty("name").GetString()!, p.GetProperty("pid").GetInt32(), p.GetProperty("url").GetString()!))];
    }

    public Process Process { get; }

    /// <summary>What the cluster printed so far, to wait on.</summary>
    public ProcessLines Lines { get; }

    /// <summary>cluster.json: demo.json's keys plus <c>processes</c>.</summary>
    public JsonElement Root => manifest.RootElement;

    public IReadOnlyList<ClusterChild> Processes { get; }

    /// <summary>Trusts exactly the gateway's certificate (cluster.json's caCertificate).</summary>
    public HttpClient Http { get; }

    /// <summary>Starts the cluster with the test servers, or skips when RENKEI_TEST_NATS or RENKEI_TEST_POSTGRES is not set.</summary>
    public static async Task<RunningCluster> StartAsync(string data, params string[] more)
    {
        var nats = Environment.GetEnvironmentVariable("RENKEI_TEST_NATS");
        var postgres = Environment.GetEnvironmentVariable("RENKEI_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(nats) || string.IsNullOrEmpty(postgres), "RENKEI_TEST_NATS and RENKEI_TEST_POSTGRES are needed");
        var start = WithDefaultSigint(Renkei(["cluster", "--data", data, "--meters", "60", "--postgres", postgres!, "--port", "0", "--web-port", "0", .. more]));
        start.Environment["PATH"] = Path.GetDirectoryName(nats) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        var process = Process.Start(start)!;
        try
        {
            var lines = new ProcessLines(process);
            await lines.WaitForAsync("Press Ctrl+C to stop.", 0, StartTimeout);
            var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "cluster.json")));
            return new RunningCluster(process, lines, manifest);
        }
        catch
        {
            Stop(process);
            throw;
        }
    }

    /// <summary>A client-credentials token of the first retailer from the token endpoint at <paramref name="gateway"/> (default: cluster.json's).</summary>
    public async Task<HttpResponseMessage> RequestTokenAsync(string? gateway = null)
    {
        var endpoint = new Uri(Root.GetProperty("tokenEndpoint").GetString()!);
        if (gateway is not null)
        {
            endpoint = new Uri(new Uri(gateway), endpoint.AbsolutePath);
        }

        var retailer = Root.GetProperty("retailers")[0];
        return await Http.PostAsync(
            endpoint,
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = retailer.GetProperty("clientId").GetString()!,
                ["client_secret"] = retailer.GetProperty("clientSecret").GetString()!,
            }));
    }

    /// <summary>The access token of a token response that must be 200.</summary>
    public static async Task<string> AccessTokenOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return token.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Yesterday's intervals of the first retailer's first supply point, read through <paramref name="gateway"/>.</summary>
    public async Task<HttpResponseMessage> ReadDayAsync(string gateway, string accessToken)
    {
        var day = Root.GetProperty("simulation").GetProperty("yesterday").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{gateway}/api/v1/supply-points/{SupplyPoint}/intervals?date={day}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await Http.SendAsync(request);
    }

    /// <summary>The supply point <see cref="ReadDayAsync"/> reads.</summary>
    public string SupplyPoint => Root.GetProperty("retailers")[0].GetProperty("suppliesToday")[0].GetString()!;

    /// <summary>Sends a signal with <c>kill</c>, as a user would.</summary>
    public static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGINT (Ctrl+C): waits for "Stopping..." and the exit; returns the exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        var mark = Lines.Count;
        await SignalAsync("-INT", Process.Id);
        await Lines.WaitForAsync("Stopping...", mark, TimeSpan.FromMinutes(1));
        await Process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return Process.ExitCode;
    }

    public static bool IsRunning(int pid)
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

    public void Dispose()
    {
        Stop(Process);
        Http.Dispose();
        handler.Dispose();
        ca.Dispose();
        manifest.Dispose();
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    /// <summary><c>dotnet renkei.dll ARGS</c> with its output read by the test.</summary>
    public static ProcessStartInfo Renkei(params string[] args)
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
    /// of a script inherits SIGINT ignored, passes that on, and .NET then leaves Ctrl+C unhandled, so the SIGINT a
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

/// <summary>One entry of cluster.json's <c>processes</c>.</summary>
internal sealed record ClusterChild(string Role, string Name, int Pid, string Url);
