using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Renkei.Hosting.Tls;
using Renkei.Metering.Cluster;

namespace Renkei.Metering.Tests.Cluster;

/// <summary>
/// A real cluster of three <c>nats-server</c> processes (the binary named by <c>RENKEI_TEST_NATS</c>) on loopback
/// ports, JetStream on, file storage in a temp folder, routed to each other, secured as <c>renkei cluster</c> secures
/// its servers: TLS only, for clients and routes, with a certificate from a private CA of the test's own, and the
/// users and permissions of <see cref="NatsPermissions"/> for areas 03 and 06. Servers can be killed with SIGKILL and
/// started again on the same ports and storage. Waits are on the servers' own log lines (ready, metadata leader,
/// stream leader), each with a timeout. Deletes its folder on dispose.
/// </summary>
internal sealed class NatsCluster : IAsyncDisposable
{
    /// <summary>The environment variable naming the nats-server binary; tests skip when it is absent.</summary>
    public const string Variable = "RENKEI_TEST_NATS";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The areas whose users the servers know.</summary>
    public static readonly string[] Areas = ["03", "06"];

    private readonly string binary;
    private readonly int[] clientPorts;
    private readonly ServerProcess?[] servers;
    private readonly Dictionary<string, string> passwords;

    private NatsCluster(string binary, string folder, int[] clientPorts, string caFile, Dictionary<string, string> passwords)
    {
        this.binary = binary;
        Folder = folder;
        this.clientPorts = clientPorts;
        CaFile = caFile;
        this.passwords = passwords;
        servers = new ServerProcess?[clientPorts.Length];
    }

    /// <summary>The CA the servers' certificate chains to (PEM).</summary>
    public string CaFile { get; }

    /// <summary>The nats-server binary to run, or null (the tests skip).</summary>
    public static string? Binary => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    public string Folder { get; }

    /// <summary>Every server's client URL (live or not): what a node is configured with.</summary>
    public IReadOnlyList<Uri> Urls => [.. clientPorts.Select(p => new Uri($"nats://127.0.0.1:{p}"))];

    /// <summary>How a metering node of <paramref name="area"/> connects: TLS against the CA, as its area's metering user.</summary>
    public NatsConnectionOptions Nats(string area = "03") => As(NatsPermissions.MeteringUser(area));

    /// <summary>How <paramref name="user"/> connects (TLS against the CA, the user's password).</summary>
    public NatsConnectionOptions As(string user) => new() { Servers = Urls, CaFile = CaFile, User = user, Password = passwords[user] };

    /// <summary>A plain client connection as a metering user of <paramref name="area"/> (for the tests' own looks at the stream and the bucket).</summary>
    public NatsConnection Connect(string area = "03", TimeSpan? requestTimeout = null)
    {
        var options = Nats(area);
        return new NatsConnection(new NatsOpts
        {
            Url = string.Join(",", Urls),
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(5),
            InboxPrefix = options.InboxPrefix,
            AuthOpts = NatsAuthOpts.Default with { Username = options.User, Password = options.Password },
            TlsOpts = NatsTlsOpts.Default with { Mode = TlsMode.Require, CaFile = CaFile },
        });
    }

    /// <summary>Starts three servers and waits until each is ready and one of them leads JetStream's metadata group.</summary>
    public static async Task<NatsCluster> StartAsync(int size = 3)
    {
        var binary = Binary ?? throw new InvalidOperationException($"{Variable} is not set");
        var folder = Path.Combine(Path.GetTempPath(), "renkei-nats-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var ports = FreePorts(size * 2);
        using var ca = PrivateCertificateAuthority.LoadOrCreate(Path.Combine(folder, "ca"), "Renkei test NATS CA");
        var (certificate, key) = ca.IssueServer(Path.Combine(folder, "tls"), "nats", "Renkei test NATS", ["127.0.0.1", "localhost"]);
        var passwords = Areas.SelectMany(a => new[] { NatsPermissions.MeteringUser(a), NatsPermissions.HesUser(a) })
            .ToDictionary(u => u, _ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var cluster = new NatsCluster(binary, folder, ports[..size], ca.CertificatePath, passwords);
        var routes = string.Join(", ", ports[size..].Select(p => $"nats-route://127.0.0.1:{p}"));
        var tls = $$"""{ cert_file: "{{certificate}}", key_file: "{{key}}", ca_file: "{{ca.CertificatePath}}", timeout: 5 }""";
        var routeTls = $$"""{ cert_file: "{{certificate}}", key_file: "{{key}}", ca_file: "{{ca.CertificatePath}}", verify: true, timeout: 5 }""";
        var authorization = NatsPermissions.AuthorizationBlock(Areas, u => passwords[u]);
        for (var i = 0; i < size; i++)
        {
            File.WriteAllText(cluster.ConfigOf(i), string.Create(CultureInfo.InvariantCulture, $$"""
                server_name: n{{i}}
                listen: 127.0.0.1:{{ports[i]}}
                tls {{tls}}
                jetstream { store_dir: "{{Path.Combine(folder, $"n{i}")}}" }
                cluster {
                  name: renkei-test
                  listen: 127.0.0.1:{{ports[size + i]}}
                  routes: [{{routes}}]
                  tls {{routeTls}}
                }
                {{authorization}}
                """));
        }

        try
        {
            for (var i = 0; i < size; i++)
            {
                cluster.Launch(i);
            }

            foreach (var server in cluster.servers)
            {
                await server!.WaitForAsync(l => l.Contains("Server is ready", StringComparison.Ordinal), 0, Timeout);
            }

            // JetStream's metadata group has a leader (elected by a majority; the node's stream creation waits for
            // the rest).
            await await Task.WhenAny(cluster.servers.Select(s => s!.WaitForAsync(l => l.Contains("Self is new JetStream cluster metadata leader", StringComparison.Ordinal), 0, Timeout)));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Kills server <paramref name="index"/> with SIGKILL (no shutdown of any kind) and waits for it to be gone.</summary>
    public async Task KillAsync(int index)
    {
        var server = servers[index] ?? throw new InvalidOperationException($"server n{index} is not running");
        servers[index] = null;
        server.Process.Kill();
        await server.Process.WaitForExitAsync().WaitAsync(Timeout);
        server.Dispose();
    }

    /// <summary>Starts server <paramref name="index"/> again on its ports and storage; waits until it is ready and routed.</summary>
    public async Task RestartAsync(int index)
    {
        Launch(index);
        var server = servers[index]!;
        await server.WaitForAsync(l => l.Contains("Server is ready", StringComparison.Ordinal), 0, Timeout);
    }

    /// <summary>
    /// Waits until <paramref name="stream"/> reports a leader among the running servers: asks the stream's info, and
    /// if it has none (or the cluster cannot answer), waits for a running server to log that it became the stream's
    /// leader.
    /// </summary>
    public async Task WaitForStreamLeaderAsync(string stream)
    {
        var marks = servers.Select(s => s?.LineCount ?? 0).ToArray();
        var live = servers.Where(s => s is not null).Select(s => s!.Name).ToHashSet();
        await using (var connection = Connect(requestTimeout: TimeSpan.FromSeconds(2)))
        {
            try
            {
                var info = await new NatsJSContext(connection).GetStreamAsync(stream).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
                if (info.Info.Cluster?.Leader is { } leader && live.Contains(leader))
                {
                    return;
                }
            }
            catch (Exception e) when (e is NatsException or TimeoutException)
            {
                // No answer without a leader: wait for one below.
            }
        }

        var line = $"new stream leader for '$G > {stream}'";
        var waits = servers.Select((s, i) => s?.WaitForAsync(l => l.Contains(line, StringComparison.Ordinal), marks[i], Timeout))
            .Where(t => t is not null)
            .Select(t => t!);
        await await Task.WhenAny(waits);
    }

    /// <summary>The index of the server that leads <paramref name="stream"/> now (the stream's info names it).</summary>
    public async Task<int> StreamLeaderAsync(string stream)
    {
        await using var connection = Connect();
        var info = await new NatsJSContext(connection).GetStreamAsync(stream).AsTask().WaitAsync(Timeout);
        var leader = info.Info.Cluster?.Leader ?? throw new InvalidOperationException($"the stream {stream} has no leader");
        return int.Parse(leader.AsSpan(1), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < servers.Length; i++)
        {
            if (servers[i] is { } server)
            {
                server.Process.Kill();
                await server.Process.WaitForExitAsync();
                server.Dispose();
                servers[i] = null;
            }
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own cleanup.
        }
    }

    private string ConfigOf(int index) => Path.Combine(Folder, $"n{index}.conf");

    private void Launch(int index)
    {
        if (servers[index] is not null)
        {
            throw new InvalidOperationException($"server n{index} is already running");
        }

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ConfigOf(index));
        servers[index] = new ServerProcess($"n{index}", Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start"));
    }

    /// <summary>Distinct loopback ports that were free a moment ago.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var l in listeners)
            {
                l.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var l in listeners)
            {
                l.Stop();
            }
        }
    }

    /// <summary>One running nats-server and the lines it has logged; waiters are completed as lines arrive.</summary>
    private sealed class ServerProcess : IDisposable
    {
        private readonly Lock gate = new();
        private readonly List<string> lines = [];
        private readonly List<(Func<string, bool> Match, TaskCompletionSource Done)> waiters = [];

        public ServerProcess(string name, Process process)
        {
            Name = name;
            Process = process;

            // A thread of its own per stream, not the thread pool: a busy pool must not delay the lines awaited.
            Follow(process.StandardError, $"{name}-stderr");
            Follow(process.StandardOutput, $"{name}-stdout");
        }

        public string Name { get; }

        public Process Process { get; }

        public int LineCount
        {
            get
            {
                lock (gate)
                {
                    return lines.Count;
                }
            }
        }

        /// <summary>Completes when a line from <paramref name="from"/> on matches; fails after <paramref name="timeout"/> naming the last lines.</summary>
        public async Task WaitForAsync(Func<string, bool> match, int from, TimeSpan timeout)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                if (lines.Skip(from).Any(match))
                {
                    return;
                }

                waiters.Add((match, done));
            }

            try
            {
                await done.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                string tail;
                lock (gate)
                {
                    tail = string.Join(Environment.NewLine, lines.TakeLast(20));
                }

                throw new TimeoutException($"nats-server {Name} did not log the awaited line within {timeout.TotalSeconds:F0} s; its last lines:{Environment.NewLine}{tail}");
            }
        }

        public void Dispose() => Process.Dispose();

        private void Follow(StreamReader reader, string name) =>
            new Thread(() =>
            {
                while (reader.ReadLine() is { } line)
                {
                    OnLine(line);
                }
            })
            { IsBackground = true, Name = name }.Start();

        private void OnLine(string line)
        {
            lock (gate)
            {
                lines.Add(line);
                for (var i = waiters.Count - 1; i >= 0; i--)
                {
                    if (waiters[i].Match(line))
                    {
                        waiters[i].Done.TrySetResult();
                        waiters.RemoveAt(i);
                    }
                }
            }
        }
    }
}
