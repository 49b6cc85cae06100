using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Npgsql;
using Renkei.Cli.Demo;
using Renkei.Cli.Serve;
using Renkei.Domain.Time;
using Renkei.Formats.Registry;
using Renkei.Gateway.Staff;
using Renkei.Gateway.Tls;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering.Cluster;
using Renkei.Simulator.Fleet;
using Renkei.Switching;
using Renkei.Switching.Store;
using Renkei.Switching.Tso.Node;

namespace Renkei.Cli.Cluster;

/// <summary>
/// <c>renkei cluster</c>'s topology on one machine, each part a separate OS process: three clustered nats-server,
/// PostgreSQL (given, or a private server in the data folder), then the same renkei binary as each node
/// (<c>renkei serve tso|switching|metering|simulator|gateway|web</c>) with the demo's seed, keys and accounts, the
/// gateway as several instances on one PostgreSQL store (<see cref="ClusterOptions.Gateways"/>). Each
/// child's output goes to <c>logs/&lt;name&gt;.log</c>; a child that dies is reported at once with the tail of its
/// log. Stopping stops them all, in the reverse order of their start.
/// </summary>
internal sealed class ClusterHost : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly List<ChildProcess> children = [];
    private readonly ClusterOptions options;
    private readonly TextWriter progress;
    private readonly string data;
    private readonly string logs;
    private readonly string databasePrefix;
    private Renkei.Hosting.FolderLock? folderLock;
    private bool started;

    private ClusterHost(ClusterOptions options, TextWriter progress)
    {
        this.options = options;
        this.progress = progress;
        data = Path.GetFullPath(options.DataDirectory);
        logs = Path.Combine(data, "logs");

        // On a server the operator gave, the stores' databases carry the data folder's hash: two clusters (or a
        // cluster and anything else) on one server never touch each other's databases.
        databasePrefix = options.Postgres is null
            ? "renkei"
            : "renkei_cluster_" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(data)))[..8];
    }

    public DemoCredentials Credentials { get; private set; } = null!;

    public IReadOnlyList<ChildProcess> Processes => children;

    public string ManifestPath => Path.Combine(data, "cluster.json");

    /// <summary>The demo's credentials file, which <c>renkei retailer --data</c> reads.</summary>
    public string CredentialsPath => Path.Combine(data, "demo.json");

    private Task<ChildProcess>? died;

    /// <summary>Completes with the first child that exits without being asked to.</summary>
    public Task<ChildProcess> Died => died ?? new TaskCompletionSource<ChildProcess>().Task;

    public static async Task<ClusterHost> StartAsync(ClusterOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = new ClusterHost(options, progress);
        try
        {
            await host.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (options.MeteringNodes is < 1 or > ClusterOptions.MaxMeteringNodesPerArea)
        {
            throw new ClusterStartException($"--metering-nodes {options.MeteringNodes}: only {ClusterOptions.MaxMeteringNodesPerArea} metering node per area for now; several nodes of one area need the partition leases, which are not built yet (docs/operations.md)");
        }

        if (options.Gateways is < 1 or > ClusterOptions.MaxGateways)
        {
            throw new ClusterStartException($"--gateways {options.Gateways}: expected 1 to {ClusterOptions.MaxGateways}");
        }

        // Everything this needs from the machine is looked for before anything starts.
        var nats = Binaries.OnPath("nats-server", options.SearchPath)
            ?? throw new ClusterStartException("nats-server was not found on PATH; install the Debian package nats-server (apt-get install nats-server)");
        string? postgresBin = null;
        if (options.Postgres is null)
        {
            postgresBin = Binaries.PostgresBin()
                ?? throw new ClusterStartException("no PostgreSQL binaries under /usr/lib/postgresql/*/bin; install the Debian package postgresql, or give a server with --postgres or RENKEI_POSTGRES");
        }

        Directory.CreateDirectory(data);
        folderLock = Renkei.Hosting.FolderLock.Acquire(data, "renkei", "cluster data folder");
        Directory.CreateDirectory(logs);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var yesterday = Jst.Today(TimeProvider.System).AddDays(-1);
        var today = yesterday.AddDays(1);
        var feedStart = Jst.StartOfDay(yesterday);
        var fleet = MeterFleet.Create(options.Meters, Renkei.Domain.Identifiers.TsoArea.Tokyo);
        var areas = fleet.Meters.Select(m => (int)m.SupplyPointId.Area).Distinct().Order().ToArray();

        // Ports picked now, so that each part is told where the others listen before they all run.
        var ports = new PortPool();
        var natsClient = ports.Take(NatsServers.Count);
        var natsRoutes = ports.Take(NatsServers.Count);

        var areaCodes = areas.Select(a => a.ToString("D2", CultureInfo.InvariantCulture)).ToArray();
        var (servers, natsAccess) = await NatsServers.StartAsync(nats, data, areaCodes, natsClient, natsRoutes, logs, children, options.StartTimeout).ConfigureAwait(false);
        foreach (var natsServer in servers)
        {
            Watch(natsServer);
        }

        var natsUrls = string.Join(',', servers.Select(s => s.Url));
        await progress.WriteLineAsync($"nats       {natsUrls}  (three nats-server, JetStream clustered, TLS from {natsAccess.CaFile}, a user per node; {watch.Elapsed.TotalSeconds:F1} s)").ConfigureAwait(false);

        string server;
        if (postgresBin is not null)
        {
            var (postgres, connection) = await PrivatePostgres.StartAsync(postgresBin, data, ports.Take(1)[0], logs, options.StartTimeout).ConfigureAwait(false);
            children.Add(postgres);
            Watch(postgres);
            server = connection;
            await progress.WriteLineAsync($"postgres   {postgres.Url}  (private server in {Path.Combine(data, "postgres")}; {watch.Elapsed.TotalSeconds:F1} s)").ConfigureAwait(false);
        }
        else
        {
            server = options.Postgres!;
            await progress.WriteLineAsync($"postgres   {new NpgsqlConnectionStringBuilder(server).Host}  (the server given; databases {databasePrefix}_*)").ConfigureAwait(false);
        }

        var databases = await CreateDatabasesAsync(server, ["switching", "gateway", .. DemoSeed.Areas.Select(a => $"tso{a:D2}"), .. areas.Select(a => $"history{a:D2}")], cancellationToken).ConfigureAwait(false);

        // Every caller key, created before the parts start, so each part is told the others' public keys.
        var hubKey = KeyPair("switching", ServeSwitchingCommand.HubKeyFile, ServeSwitchingCommand.HubPublicKeyFile);
        var gatewayKey = KeyPair(GatewayFolder(1), ServeGatewayCommand.KeyFile, ServeGatewayCommand.PublicKeyFile);
        var hesKey = KeyPair("simulator", ServeSimulatorCommand.KeyFile, ServeSimulatorCommand.PublicKeyFile);
        var meteringKeys = areas.ToDictionary(a => a, a => KeyPair(MeteringFolder(a), ServeCommand.MeteringKeyFile, ServeCommand.MeteringPublicKeyFile));

        await SeedAsync(fleet, today, databases, hubKey, cancellationToken).ConfigureAwait(false);
        await progress.WriteLineAsync($"seed       {fleet.Meters.Count:N0} supply points with contract history, reading schedules ({watch.Elapsed.TotalSeconds:F1} s)").ConfigureAwait(false);

        var tsoUrls = new Dictionary<int, string>();
        foreach (var area in DemoSeed.Areas)
        {
            var port = ports.Take(1)[0];
            var tso = await StartNodeAsync("tso", $"tso-{area:D2}", "listening on", port, "http", cancellationToken,
                "serve", "tso", "--area", area.ToString("D2", CultureInfo.InvariantCulture), "--data", Path.Combine(data, $"tso-{area:D2}"),
                "--database", "postgres", "--connection", databases[$"tso{area:D2}"], "--port", Text(port), "--hub-key", hubKey).ConfigureAwait(false);
            tsoUrls[area] = tso.Url;
        }

        var meteringPorts = areas.ToDictionary(a => a, _ => ports.Take(2));
        var headEndPort = ports.Take(1)[0];
        var switchingPort = ports.Take(1)[0];
        var firstArea = areas[0];
        var meteringUrl = $"http://127.0.0.1:{Text(meteringPorts[firstArea][0])}";
        List<string> switchingArgs =
        [
            "serve", "switching", "--data", Path.Combine(data, "switching"), "--database", "postgres", "--connection", databases["switching"],
            "--port", Text(switchingPort), "--areas", string.Join(',', DemoSeed.Areas.Select(a => a.ToString("D2", CultureInfo.InvariantCulture))),
            "--gateway-key", gatewayKey, "--metering-key", meteringKeys[firstArea], "--metering", meteringUrl,
        ];
        foreach (var (area, url) in tsoUrls)
        {
            switchingArgs.AddRange(["--tso", $"{area:D2}={url}"]);
        }

        var switching = await StartNodeAsync("switching", "switching", "switching listening on", switchingPort, "http", cancellationToken, [.. switchingArgs]).ConfigureAwait(false);

        var meteringNodes = new List<ChildProcess>();
        foreach (var area in areas)
        {
            var registry = Path.Combine(data, $"registry-{area:D2}.csv");
            await using (var writer = new StreamWriter(registry))
            {
                RegistryCsvWriter.Write(DemoMarket.Installations(fleet, yesterday).Where(m => (int)m.SupplyPointId.Area == area), writer);
            }

            var (port, http2) = (meteringPorts[area][0], meteringPorts[area][1]);
            meteringNodes.Add(await StartNodeAsync("metering", $"metering-{area:D2}", "metering listening on", port, "http", cancellationToken,
                "serve", "metering", "--data", Path.Combine(data, MeteringFolder(area)), "--registry", registry, "--port", Text(port), "--http2-port", Text(http2),
                "--nats", natsUrls, "--nats-area", area.ToString("D2", CultureInfo.InvariantCulture), "--nats-ca", natsAccess.CaFile,
                "--nats-user", NatsPermissions.MeteringUser(area.ToString("D2", CultureInfo.InvariantCulture)),
                "--nats-password-file", natsAccess.PasswordFile(NatsPermissions.MeteringUser(area.ToString("D2", CultureInfo.InvariantCulture))),
                "--history-postgres", databases[$"history{area:D2}"],
                "--switching", switching.Url, "--gateway-key", gatewayKey, "--hes-key", hesKey, "--switching-key", hubKey,
                "--hes-url", $"http://127.0.0.1:{Text(headEndPort)}").ConfigureAwait(false));
        }

        var simulator = await StartNodeAsync("simulator", "simulator", "simulator head-end listening on", headEndPort, "http", cancellationToken,
            "serve", "simulator", "--data", Path.Combine(data, "simulator"), "--meters", Text(options.Meters), "--hes", meteringNodes[0].Url,
            "--metering-key", meteringKeys[firstArea], "--port", Text(headEndPort)).ConfigureAwait(false);

        // The accounts, fresh every start as in the demo; the screens' redirect URI is known since their port is.
        var gatewayPort = options.GatewayPort == 0 ? ports.Take(1)[0] : options.GatewayPort;
        var webPort = options.WebPort == 0 ? ports.Take(1)[0] : options.WebPort;
        var accounts = DemoAccounts.Create();
        var accountsFile = Path.Combine(data, "gateway-accounts.json");
        new GatewayAccountsFile(accounts.Clients, accounts.Staff, new ScreensClient(accounts.ScreensId, accounts.ScreensSecret, new Uri($"https://127.0.0.1:{Text(webPort)}/signin-callback")), CommandLineClient: true).Save(accountsFile);
        var secretFile = Path.Combine(data, "web-client-secret");
        await File.WriteAllTextAsync(secretFile, accounts.ScreensSecret + "\n", cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var gatewayFolder = Path.Combine(data, GatewayFolder(1));
        var gateways = await StartGatewaysAsync(gatewayFolder, gatewayPort, ports, meteringNodes[0].Url, $"http://127.0.0.1:{Text(meteringPorts[firstArea][1])}", switching.Url, accountsFile, databases["gateway"], cancellationToken).ConfigureAwait(false);
        var gateway = gateways[0];
        var web = await StartNodeAsync("web", "web", "web listening on", webPort, "https", cancellationToken,
            "serve", "web", "--data", Path.Combine(data, "web"), "--port", Text(webPort), "--gateway", gateway.Url,
            "--gateway-ca", Path.Combine(gatewayFolder, GatewayCertificate.PemFileName), "--certificate", Path.Combine(gatewayFolder, GatewayCertificate.PfxFileName),
            "--client-id", accounts.ScreensId, "--client-secret-file", secretFile).ConfigureAwait(false);

        // The fleet has sent everything since yesterday 00:00 before the tour is printed, as in the demo.
        var caughtUp = await simulator.WaitForLineAsync("simulator caught up", options.StartTimeout * 5).ConfigureAwait(false);
        await progress.WriteLineAsync($"fleet      {caughtUp["simulator caught up: ".Length..]}; {watch.Elapsed.TotalSeconds:F1} s").ConfigureAwait(false);

        Credentials = DemoHost.BuildCredentials(
            fleet,
            accounts.Clients,
            accounts.Staff,
            today,
            yesterday,
            feedStart,
            Path.Combine(gatewayFolder, GatewayCertificate.PemFileName),
            new DemoUrls(new Uri(gateway.Url + "/"), new Uri(meteringNodes[0].Url + "/"), new Uri(switching.Url + "/"), new Uri(web.Url + "/")),
            speed: 1);
        // demo.json too, so that the tour's commands (renkei retailer --data DIR) work on a cluster as on the demo.
        await File.WriteAllTextAsync(CredentialsPath, JsonSerializer.Serialize(Credentials, DemoHost.JsonOptions), cancellationToken).ConfigureAwait(false);
        var manifest = JsonSerializer.SerializeToNode(Credentials, DemoHost.JsonOptions)!.AsObject();
        manifest["processes"] = new JsonArray([.. children.Select(c => (JsonNode)new JsonObject
        {
            ["role"] = c.Role,
            ["name"] = c.Name,
            ["pid"] = c.Id,
            ["url"] = c.Url,
        })]);
        await File.WriteAllTextAsync(ManifestPath, manifest.ToJsonString(DemoHost.JsonOptions), cancellationToken).ConfigureAwait(false);
        started = true;
    }

    /// <summary>Reports each child that exits unasked, at once, with the tail of its log; completes <see cref="Died"/> with the first.</summary>
    private void Watch(ChildProcess child)
    {
        var death = new TaskCompletionSource<ChildProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = child.Exited.ContinueWith(
            exit =>
            {
                if (!child.Stopping)
                {
                    progress.WriteLine($"renkei cluster: {child.Name} (pid {child.Id}) exited with code {exit.Result}; the last lines of {child.LogPath}:{Environment.NewLine}{child.Tail()}");
                    death.TrySetResult(child);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        died = died is null ? death.Task : Task.WhenAny(died, death.Task).Unwrap();
    }

    /// <summary>
    /// The gateway's instances on one PostgreSQL store, as behind a load balancer: one token issuer (gateway-1's
    /// address, standing for the balancer's), one TLS certificate (gateway-1's, which demo.json and the screens pin)
    /// and one caller key (which metering and switching trust), so that any instance serves any retailer and token.
    /// </summary>
    private async Task<List<ChildProcess>> StartGatewaysAsync(string firstFolder, int firstPort, PortPool ports, string metering, string meteringHttp2, string switching, string accountsFile, string database, CancellationToken cancellationToken)
    {
        // gateway-1's certificate exists before any instance starts, so the others can be given it.
        GatewayCertificate.LoadOrCreate(firstFolder).Dispose();

        var issuer = $"https://127.0.0.1:{Text(firstPort)}";
        var result = new List<ChildProcess>();
        for (var instance = 1; instance <= options.Gateways; instance++)
        {
            var folder = Path.Combine(data, GatewayFolder(instance));
            List<string> args =
            [
                "serve", "gateway", "--data", folder, "--postgres", database, "--issuer", issuer, "--metering", metering, "--metering-http2", meteringHttp2,
                "--switching", switching, "--accounts", accountsFile,
            ];
            var port = firstPort;
            if (instance > 1)
            {
                port = ports.Take(1)[0];
                Directory.CreateDirectory(Path.Combine(folder, "keys"));
                File.Copy(Path.Combine(firstFolder, "keys", ServeGatewayCommand.KeyFile), Path.Combine(folder, "keys", ServeGatewayCommand.KeyFile), overwrite: true);
                args.AddRange(["--certificate", Path.Combine(firstFolder, GatewayCertificate.PfxFileName)]);
            }

            args.AddRange(["--port", Text(port)]);
            result.Add(await StartNodeAsync("gateway", GatewayFolder(instance), "gateway listening on", port, "https", cancellationToken, [.. args]).ConfigureAwait(false));
        }

        return result;
    }

    /// <summary>Starts <c>renkei ARGS</c> as a child and waits for its listening line.</summary>
    private async Task<ChildProcess> StartNodeAsync(string role, string name, string ready, int port, string scheme, CancellationToken cancellationToken, params string[] args)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var child = ChildProcess.Start(role, name, Binaries.Renkei(args), Path.Combine(logs, $"{name}.log"));
        children.Add(child);
        child.Url = $"{scheme}://127.0.0.1:{Text(port)}";
        await child.WaitForLineAsync(ready, options.StartTimeout).ConfigureAwait(false);
        Watch(child);
        await progress.WriteLineAsync($"{name,-10} {child.Url}  (pid {child.Id}; log {child.LogPath})").ConfigureAwait(false);
        return child;
    }

    /// <summary>Creates each store's database afresh (dropping one left by an earlier start); returns their connection strings.</summary>
    private async Task<Dictionary<string, string>> CreateDatabasesAsync(string server, IEnumerable<string> stores, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var store in stores)
        {
            var name = $"{databasePrefix}_{store}";
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", $"CREATE DATABASE \"{name}\"" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            result[store] = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        }

        return result;
    }

    /// <summary>The hub's market and each TSO node's area, written into their databases through their own hosts (not started).</summary>
    private async Task SeedAsync(MeterFleet fleet, DateOnly today, Dictionary<string, string> databases, string hubPublicKey, CancellationToken cancellationToken)
    {
        static void Quiet(ILoggingBuilder l) => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        var noOps = new Renkei.Hosting.Observability.NodeObservabilityOptions { Port = null };
        await using var hub = SwitchingHost.Build(
            new SwitchingHostOptions
            {
                DataDirectory = Path.Combine(data, "switching"),
                Database = SwitchingDatabase.Postgres(databases["switching"]),
                Areas = DemoSeed.Areas,
                Observability = noOps,
            },
            Quiet);
        await SwitchingHost.EnsureDatabaseAsync(hub.Services, cancellationToken).ConfigureAwait(false);
        await DemoMarket.SeedHubAsync(hub.Services, fleet, today, calendar: null, cancellationToken).ConfigureAwait(false);
        var hubKey = InternalCallerKey.PublicOnly(LoadPublic(hubPublicKey));
        foreach (var area in DemoSeed.Areas)
        {
            await using var tso = TsoHost.Build(
                new TsoHostOptions
                {
                    Area = area,
                    DataDirectory = Path.Combine(data, $"tso-{area:D2}"),
                    Database = SwitchingDatabase.Postgres(databases[$"tso{area:D2}"]),
                    Callers = TsoHostOptions.TrustingHub(area, hubKey),
                    Observability = noOps,
                },
                Quiet);
            await TsoHost.EnsureDatabaseAsync(tso.Services, cancellationToken).ConfigureAwait(false);
            await DemoMarket.SeedTsoAsync(tso.Services, hub.Services, area, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ECDsa LoadPublic(string path)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return key;
    }

    /// <summary>Creates (or keeps) a caller key in <c>&lt;part&gt;/keys/</c> and writes its public half beside it; returns the public half's path.</summary>
    private string KeyPair(string part, string file, string publicFile)
    {
        var keys = Path.Combine(data, part, "keys");
        var key = InternalCallerKey.LoadOrCreate(Path.Combine(keys, file));
        var pub = Path.Combine(keys, publicFile);
        File.WriteAllText(pub, key.ExportSubjectPublicKeyInfoPem());
        return pub;
    }

    private static string MeteringFolder(int area) => $"metering-{area:D2}";

    private static string GatewayFolder(int instance) => $"gateway-{instance.ToString(CultureInfo.InvariantCulture)}";

    private static string Text(int number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Notes that every child's exit is expected from now on: Ctrl+C in a terminal reaches them as well as the cluster.</summary>
    public void MarkStopping()
    {
        foreach (var child in children)
        {
            child.MarkStopping();
        }
    }

    /// <summary>Stops every child in the reverse order of their start (PostgreSQL with a fast shutdown), then frees the folder.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = children.Count - 1; i >= 0; i--)
        {
            var child = children[i];
            await child.StopAsync(StopGrace, child.Name == "postgres" ? ChildProcess.SigInt : ChildProcess.SigTerm).ConfigureAwait(false);
            if (started)
            {
                await progress.WriteLineAsync($"stopped    {child.Name} (pid {child.Id})").ConfigureAwait(false);
            }

            child.Dispose();
        }

        folderLock?.Dispose();
    }

    /// <summary>Distinct loopback ports that were free a moment ago, none handed out twice.</summary>
    private sealed class PortPool
    {
        private readonly HashSet<int> given = [];

        public int[] Take(int count)
        {
            var result = new List<int>();
            while (result.Count < count)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (given.Add(port))
                {
                    result.Add(port);
                }
            }

            return [.. result];
        }
    }
}
