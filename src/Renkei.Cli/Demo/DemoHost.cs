using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Cli.Composition;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Registry;
using Renkei.Formats.Text;
using Renkei.Gateway;
using Renkei.Gateway.Auth;
using Renkei.Gateway.Tls;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;
using Renkei.Simulator.Clock;
using Renkei.Simulator.Fleet;
using Renkei.Switching;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;
using Renkei.Switching.Tso.Node;

namespace Renkei.Cli.Demo;

/// <summary>
/// Everything in one process on embedded defaults: the switching store (SQLite), the metering node (read log
/// file, in-memory engine), the meter fleet feeding the HES over HTTP, and the gateway over HTTPS in front.
/// The internal APIs listen on loopback; only the gateway is meant to be reached by retailers.
/// </summary>
public sealed class DemoHost : IAsyncDisposable
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,

        // Japanese names and addresses as text, so demo.json reads (and greps) as it prints.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private readonly List<WebApplication> apps = [];
    private readonly List<Renkei.Hosting.FolderLock> folderLocks = [];

    /// <summary>The folders of the demo's nodes that hold its reads and market (started afresh with a new fleet, each locked while the demo runs).</summary>
    private static readonly (string Part, string What)[] NodeFolders =
        [("metering", "metering data folder"), ("switching", "switching data folder"), ("tso-03", "TSO data folder"), ("tso-06", "TSO data folder")];
    private readonly CancellationTokenSource stopping = new();
    private Task? feeding;
    private Task? clockKeeping;
    private FleetSimulator? simulator;
    private Renkei.Switching.Applications.IF_10310_UsageValues.MeteringUsageSource? usageValues;
    private readonly List<TsoClient> tsoClients = [];
    private readonly Dictionary<int, Uri> tsoUrls = [];

    private DemoHost(DemoOptions options) => Options = options;

    public DemoOptions Options { get; }

    public DemoCredentials Credentials { get; private set; } = null!;

    public Uri GatewayUrl { get; private set; } = null!;

    public Uri MeteringUrl { get; private set; } = null!;

    /// <summary>The metering node's cleartext HTTP/2 port, which the gateway's proxy uses (<see cref="MeteringHostOptions.Http2Port"/>).</summary>
    public Uri? MeteringHttp2Url { get; private set; }

    public Uri SwitchingUrl { get; private set; } = null!;

    /// <summary>The area TSO nodes (03 Tokyo, 06 Kansai), each on a loopback listener of its own.</summary>
    public IReadOnlyDictionary<int, Uri> TsoUrls => tsoUrls;

    /// <summary>The secret of the screens' OAuth2 client (for tests that act as the screens).</summary>
    internal string ScreensSecret { get; private set; } = string.Empty;

    /// <summary>The screens (retailers' staff and operators).</summary>
    public Uri WebUrl { get; private set; } = null!;

    /// <summary>The demo's clock (accelerated when <see cref="DemoOptions.Speed"/> is not 1).</summary>
    public TimeProvider Clock { get; private set; } = TimeProvider.System;

    public FleetFeeder Feeder { get; private set; } = null!;

    /// <summary>The gateway's audit log (also on disk under gateway/audit/audit.log; <c>renkei audit</c> queries it).</summary>
    public Renkei.Hosting.Audit.AuditLog Audit { get; private set; } = null!;

    public string CredentialsPath => Path.Combine(Options.DataDirectory, "demo.json");

    public static async Task<DemoHost> StartAsync(DemoOptions options, TextWriter? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var host = new DemoHost(options);
        try
        {
            await host.StartCoreAsync(progress ?? TextWriter.Null, cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartCoreAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var data = Path.GetFullPath(Options.DataDirectory);

        // One process per data folder: a second demo (or a node served on one of its folders) stops here.
        folderLocks.Add(Renkei.Hosting.FolderLock.Acquire(data, "renkei", "demo data folder"));
        var yesterday = await StartClockAsync(data, progress).ConfigureAwait(false);
        var today = yesterday.AddDays(1);
        var feedStart = Jst.StartOfDay(yesterday);
        foreach (var (part, what) in NodeFolders)
        {
            folderLocks.Add(Renkei.Hosting.FolderLock.Acquire(Path.Combine(data, part), "renkei", what));
        }

        void Logging(ILoggingBuilder l)
        {
            l.ClearProviders();
            l.AddSimpleConsole(o => o.SingleLine = true);
            l.SetMinimumLevel(Options.Verbose ? LogLevel.Information : LogLevel.Warning);

            // ASP.NET data protection (unused by the token flow) warns that its keys are kept unencrypted at rest
            // on Linux; the demo keeps its secrets in the owner-only data folder, so this is noise here.
            l.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        }

        // Internal callers: the gateway and the HES feed each sign their requests with a key only they hold; the
        // internal services get the public keys and the routes each caller may use (docs/security.md).
        var gatewayKey = InternalCallerKey.LoadOrCreate(Path.Combine(data, "gateway", "internal-caller.pem"));
        var hesKey = InternalCallerKey.LoadOrCreate(Path.Combine(data, "simulator", "hes-caller.pem"));
        var gatewayCaller = InternalCallerKey.PublicOnly(gatewayKey);
        var meteringKey = InternalCallerKey.LoadOrCreate(Path.Combine(data, "metering", "internal-caller.pem"));

        // The switching node reads usage values (IF_10310) from metering with a key of its own, trusted there for
        // the usage-history route only. Metering starts after switching, hence the base address asked per call.
        var switchingKey = InternalCallerKey.LoadOrCreate(Path.Combine(data, "switching", "internal-caller.pem"));
        var meteringUsage = new Renkei.Switching.Applications.IF_10310_UsageValues.MeteringUsageSource(
            () => MeteringUrl, new InternalCallerSigner(switchingKey, Renkei.Switching.Applications.IF_10310_UsageValues.MeteringUsageSource.CallerName, TimeProvider.System));
        usageValues = meteringUsage;

        // The market: retailers, supply points, wheeling contracts.
        var fleet = MeterFleet.Create(Options.Meters, TsoArea.Tokyo);

        // The hub hands each area's switches to that area's TSO node (started below) through its outbox, with the
        // same switching key: each TSO node trusts only that key, for its own routes.
        foreach (var area in DemoSeed.Areas)
        {
            tsoClients.Add(new TsoClient(area, () => tsoUrls[area], new InternalCallerSigner(switchingKey, TsoRoutes.HubCallerName, TimeProvider.System)));
        }

        var switching = SwitchingHost.Build(
            new SwitchingHostOptions
            {
                DataDirectory = Path.Combine(data, "switching"),
                Port = Options.SwitchingPort,
                Areas = DemoSeed.Areas,
                RemoteTsos = tsoClients,
                UsageValues = meteringUsage,
                Calendar = Options.Calendar,
                Callers = new InternalCallerTrust
                {
                    Audience = SwitchingHostOptions.Audience,
                    Callers =
                    [
                        new InternalCaller("gateway", gatewayCaller, [.. SwitchingHostOptions.GatewayRoutes]),

                        // The metering node follows the contract feed (to know each retailer's points) and the
                        // reading-schedule feed (the points' reading periods), nothing else.
                        new InternalCaller(MeteringHostOptions.CallerName, InternalCallerKey.PublicOnly(meteringKey), [.. SwitchingHostOptions.MeteringRoutes]),
                    ],
                },
            },
            Logging);
        apps.Add(switching);
        await SwitchingHost.EnsureDatabaseAsync(switching.Services, cancellationToken).ConfigureAwait(false);
        await DemoMarket.SeedHubAsync(switching.Services, fleet, today, Options.Calendar, cancellationToken).ConfigureAwait(false);

        // The TSO nodes: in this process, each on a Kestrel listener and SQLite store of its own (<data>/tso-NN/),
        // seeded once with its area's points and contracts from the hub's store. Stopped before the hub.
        foreach (var area in DemoSeed.Areas)
        {
            var tso = TsoHost.Build(
                new TsoHostOptions
                {
                    Area = area,
                    DataDirectory = Path.Combine(data, $"tso-{area:D2}"),
                    Callers = TsoHostOptions.TrustingHub(area, InternalCallerKey.PublicOnly(switchingKey)),
                },
                Logging);
            apps.Insert(apps.IndexOf(switching), tso);
            await TsoHost.EnsureDatabaseAsync(tso.Services, cancellationToken).ConfigureAwait(false);
            await DemoMarket.SeedTsoAsync(tso.Services, switching.Services, area, cancellationToken).ConfigureAwait(false);
            await tso.StartAsync(cancellationToken).ConfigureAwait(false);
            tsoUrls[area] = new Uri(tso.Urls.First() + "/");
            await progress.WriteLineAsync($"tso {area:D2}     {tsoUrls[area]}  (area {area:D2}'s TSO node: its own store and listener; the hub sends it each switch)").ConfigureAwait(false);
        }

        await switching.StartAsync(cancellationToken).ConfigureAwait(false);
        SwitchingUrl = new Uri(switching.Urls.First() + "/");
        await progress.WriteLineAsync($"switching  {SwitchingUrl}  ({DemoSeed.Retailers.Length} retailers, {fleet.Meters.Count:N0} supply points with contract history; {watch.Elapsed.TotalSeconds:F1} s)").ConfigureAwait(false);

        // The simulator's head-end: its door for the metering node's re-read requests.
        simulator = await FleetSimulator.StartAsync(fleet, 0, InternalCallerKey.PublicOnly(meteringKey), Logging, cancellationToken).ConfigureAwait(false);
        var headEndUrl = simulator.HeadEndUrl;
        await progress.WriteLineAsync($"head-end   {headEndUrl}  (the simulator's HES: re-reads of silent meters, at most {Options.RereadAttempts} per read; {simulator.Faults.NeverAnswersRereadPer10000 / 100.0:F0} % of meters never answer)").ConfigureAwait(false);

        // Metering: registry from the fleet, engine, read log, slot closer.
        var registry = new MeterRegistry();
        foreach (var installation in DemoMarket.Installations(fleet, yesterday))
        {
            registry.Add(installation);
        }

        var metering = MeteringHost.Build(
            new MeteringHostOptions
            {
                DataDirectory = Path.Combine(data, "metering"),
                Port = Options.MeteringPort,
                Observability = Options.MeteringObservability,

                // The gateway's hop to metering: cleartext HTTP/2 on a second loopback port (any free one).
                Http2Port = 0,
                FirstSlotToClose = new Slot(yesterday, 1),

                // The fleet catches up on the reads since yesterday 00:00 first; slots already past their cutoff
                // are closed after that, with their reads, not before as missing.
                HoldSlotClosing = true,
                Engine = new IntervalEngineOptions { WindowDays = 3 },
                SwitchingUrl = SwitchingUrl,
                CallerKey = meteringKey,
                HesUrl = headEndUrl,
                RereadAttempts = Options.RereadAttempts,
                Callers = MeteringCallers.Trust(gatewayCaller, InternalCallerKey.PublicOnly(hesKey), InternalCallerKey.PublicOnly(switchingKey)),
            },
            registry,
            Clock,
            Logging);
        apps.Add(metering);
        await metering.StartAsync(cancellationToken).ConfigureAwait(false);
        await MeteringHost.SyncContractsAsync(metering, cancellationToken).ConfigureAwait(false);
        var meteringListeners = MeteringListeners.Of(metering);
        MeteringUrl = meteringListeners.Url;
        MeteringHttp2Url = meteringListeners.Http2Url;
        await progress.WriteLineAsync($"metering   {MeteringUrl}  ({registry.Count:N0} meters, HES at {MeteringUrl}internal/v1/hes/reads; HTTP/2 for the gateway at {MeteringHttp2Url}; {watch.Elapsed.TotalSeconds:F1} s)").ConfigureAwait(false);

        // The fleet sends everything from yesterday 00:00 up to now (while the gateway starts), then keeps up
        // with the clock.
        Feeder = simulator.Connect(MeteringUrl, hesKey, feedStart, Clock, progress);
        var catchUp = Task.Run(() => Feeder.CatchUpAsync(cancellationToken), cancellationToken);

        // The gateway, with one OAuth2 client per retailer, the screens' own client (authorization code flow with
        // PKCE; registered once the screens listen, below) and the staff who log in at the gateway's log-in page:
        // fresh secrets and passwords every start (stored hashed; printed and in demo.json).
        var accounts = DemoAccounts.Create();
        var clients = accounts.Clients;
        var staff = accounts.Staff;
        const string screensId = "renkei-screens";
        ScreensSecret = accounts.ScreensSecret;
        var gateway = await GatewayHost.BuildAsync(
            new GatewayHostOptions
            {
                DataDirectory = Path.Combine(data, "gateway"),
                Port = Options.GatewayPort,
                MeteringUrl = MeteringUrl,
                MeteringHttp2Url = MeteringHttp2Url,
                SwitchingUrl = SwitchingUrl,
                CallerKey = gatewayKey,
                Clients = clients,
                Staff = staff,
                CommandLineClient = true,
                Limits = Options.GatewayLimits ?? new Renkei.Gateway.Ips.GatewayLimits(),
            },
            Logging,
            cancellationToken).ConfigureAwait(false);
        apps.Add(gateway);
        Audit = gateway.Services.GetRequiredService<Renkei.Hosting.Audit.AuditLog>();
        await gateway.StartAsync(cancellationToken).ConfigureAwait(false);
        GatewayUrl = new Uri(gateway.Urls.First() + "/");
        await progress.WriteLineAsync($"gateway    {GatewayUrl}  (token endpoint, reverse proxy; {watch.Elapsed.TotalSeconds:F1} s)").ConfigureAwait(false);

        // The screens: their own HTTPS listener (the gateway's certificate), calling only the gateway.
        var gatewayCertificate = GatewayCertificate.LoadOrCreate(Path.Combine(data, "gateway"));
        var web = Renkei.Web.WebHost.Build(
            new Renkei.Web.WebHostOptions
            {
                DataDirectory = Path.Combine(data, "web"),
                Port = Options.WebPort,
                Certificate = gatewayCertificate,
                GatewayUrl = GatewayUrl,
                GatewayCertificate = gatewayCertificate,
                ClientId = screensId,
                ClientSecret = ScreensSecret,
                LoginsPerAddressPerMinute = Options.ScreensLogInsPerAddressPerMinute ?? Renkei.Web.WebHostOptions.DefaultLoginsPerAddressPerMinute,
            },
            Logging);
        apps.Add(web);
        await web.StartAsync(cancellationToken).ConfigureAwait(false);
        WebUrl = new Uri(web.Urls.First() + "/");

        // The screens' exact redirect URI is known now that they listen; no log-in can start before this.
        await GatewayHost.RegisterScreensAsync(gateway, new Renkei.Gateway.Staff.ScreensClient(screensId, ScreensSecret, new Uri(WebUrl, "signin-callback")), cancellationToken).ConfigureAwait(false);
        await progress.WriteLineAsync($"screens    {WebUrl}  (staff log-in through the gateway; {watch.Elapsed.TotalSeconds:F1} s)").ConfigureAwait(false);

        // Each node's operations listener (metrics, health, alerts; loopback, no authentication): docs/operations.md.
        foreach (var app in apps)
        {
            if (Renkei.Hosting.Observability.NodeObservability.OpsUrl(app.Services) is { } ops)
            {
                await progress.WriteLineAsync($"operations {ops}  ({app.Services.GetRequiredService<Renkei.Hosting.Observability.NodeName>().Value}: /metrics /health/live /health/ready /alerts)").ConfigureAwait(false);
            }
        }

        var sent = await catchUp.ConfigureAwait(false);
        var closed = metering.Services.GetRequiredService<SlotCloser>().Release();
        await progress.WriteLineAsync($"fleet      {sent:N0} reads sent since {feedStart:yyyy-MM-dd HH:mm} JST, {Feeder.ReadsAccepted:N0} new to the read log; {closed} slots closed; {watch.Elapsed.TotalSeconds:F1} s").ConfigureAwait(false);
        feeding = Task.Run(() => Feeder.RunAsync(stopping.Token), CancellationToken.None);


        Credentials = BuildCredentials(fleet, clients, staff, today, yesterday, feedStart, Path.Combine(data, "gateway", GatewayCertificate.PemFileName), new DemoUrls(GatewayUrl, MeteringUrl, SwitchingUrl, WebUrl), Options.Speed);
        await File.WriteAllTextAsync(CredentialsPath, JsonSerializer.Serialize(Credentials, JsonOptions), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What <c>demo.json</c> (and <c>cluster.json</c>) holds and the tour prints, for a started system at <paramref name="urls"/>.</summary>
    internal static DemoCredentials BuildCredentials(MeterFleet fleet, IReadOnlyList<RetailerClient> clients, IReadOnlyList<Renkei.Gateway.Staff.StaffAccount> staff, DateOnly today, DateOnly yesterday, DateTimeOffset feedStart, string caPath, DemoUrls urls, double speed)
    {
        var (gatewayUrl, meteringUrl, switchingUrl, webUrl) = urls;
        var retailers = new List<DemoRetailer>();
        for (var r = 0; r < DemoSeed.Retailers.Length; r++)
        {
            var supplies = new List<string>();
            string? notSupplied = null;
            string? switchedAway = null;
            for (var i = 0; i < fleet.Meters.Count && (supplies.Count < 3 || notSupplied is null || switchedAway is null); i++)
            {
                var ownerToday = DemoSeed.OwnerOn(i, today, today);
                var ownerYesterday = DemoSeed.OwnerOn(i, yesterday, today);
                var id = fleet.Meters[i].SupplyPointId.Value;
                if (ownerToday == r && ownerYesterday == r && supplies.Count < 3)
                {
                    supplies.Add(id);
                }
                else if (ownerToday != r && ownerYesterday != r && notSupplied is null)
                {
                    notSupplied = id;
                }
                else if (ownerToday != r && ownerYesterday == r && switchedAway is null)
                {
                    switchedAway = id;
                }
            }

            var (code, name) = DemoSeed.Retailers[r];
            var client = clients[r];
            retailers.Add(new DemoRetailer(code, name, client.ClientId, client.ClientSecret, supplies, notSupplied ?? string.Empty, switchedAway)
            {
                StaffUser = staff[r].UserName,
                StaffPassword = staff[r].Password,
                SwitchInExample = SwitchInExampleFor(fleet, r, today),
            });
        }

        var op = staff[^1];
        return new DemoCredentials(
            gatewayUrl.ToString().TrimEnd('/'),
            new Uri(gatewayUrl, "connect/token").ToString(),
            caPath,
            new DemoInternalUrls(meteringUrl.ToString().TrimEnd('/'), switchingUrl.ToString().TrimEnd('/')),
            new DemoSimulation(
                fleet.Meters.Count,
                speed,
                feedStart.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                DateText.Format(today),
                DateText.Format(yesterday)),
            retailers)
        {
            Screens = webUrl.ToString().TrimEnd('/'),
            Operator = new DemoStaff(op.UserName, op.Password),
        };
    }

    /// <summary>
    /// A point retailer <paramref name="r"/> could win: supplied by the next retailer since market opening, with no
    /// switch in its history, and what the screens' search and 廃止取次 need about it.
    /// </summary>
    private static DemoSwitchInExample? SwitchInExampleFor(MeterFleet fleet, int r, DateOnly today)
    {
        var current = (r + 1) % DemoSeed.Retailers.Length;
        for (var i = 0; i < fleet.Meters.Count; i++)
        {
            var history = DemoSeed.History(i, today);
            if (history.Count == 1 && history[0].Retailer == current)
            {
                var (holder, kana) = DemoSeed.HolderOf(i);
                return new DemoSwitchInExample(fleet.Meters[i].SupplyPointId.Value, DemoSeed.Retailers[current].Code, DemoSeed.AddressOf(i), holder, kana, DemoSeed.ContractNumberOf(i));
            }
        }

        return null;
    }

    /// <summary>
    /// Starts the demo's clock and returns the demo's first simulated day (the day before its market's "today"). The
    /// reads and market are generated from the fleet size and that day, kept in <c>demo-fleet.txt</c>. On a folder
    /// that holds a demo of the same fleet and a clock file (<see cref="ClockCheckpoint"/>), the clock resumes where
    /// the folder's clock stopped (even after <c>kill -9</c>) and the first day stays: nothing published is taken
    /// back, and slots are not judged again by an earlier clock. Otherwise the clock starts at the wall clock; when the
    /// fleet or its first day changed, the old read log and switching store no longer match and are started afresh
    /// (the gateway's certificate and keys are kept). Another fleet size is refused unless <see cref="DemoOptions.Reset"/>
    /// is given (that would replace the read log: quiet data loss by configuration); <see cref="DemoOptions.Reset"/>
    /// wipes the reads and market whatever they held. The clock is written down from then on until the demo stops.
    /// </summary>
    /// <exception cref="DemoFleetChangedException">The folder holds a demo of another fleet size and no reset was asked for.</exception>
    private async Task<DateOnly> StartClockAsync(string data, TextWriter progress)
    {
        var marker = Path.Combine(data, "demo-fleet.txt");
        var current = File.Exists(marker) ? (await File.ReadAllTextAsync(marker).ConfigureAwait(false)).Trim() : null;
        DemoFleetChangedException.ThrowIfMetersChanged(data, current, Options.Meters, Options.Reset);
        if (Options.Reset)
        {
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"reset      --reset: the data folder's reads and market were wiped; started afresh with {Options.Meters:N0} meters")).ConfigureAwait(false);
            current = null;
        }

        var checkpoint = new ClockCheckpoint(Path.Combine(data, "demo-clock.txt"));
        var prefix = string.Create(CultureInfo.InvariantCulture, $"fleet-v3 meters={Options.Meters} first-day=");
        DateOnly firstDay;
        if (current is not null
            && current.StartsWith(prefix, StringComparison.Ordinal)
            && DateOnly.TryParseExact(current[prefix.Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var kept)
            && checkpoint.Load() is { } stopped)
        {
            // Real time (speed 1) goes on from the wall clock unless the folder's clock is ahead of it.
            Clock = Options.Speed == 1 && stopped <= DateTimeOffset.UtcNow ? TimeProvider.System : new AcceleratedClock(stopped, Options.Speed);
            firstDay = kept;
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"clock      resumed at {stopped:O}, where the data folder's clock stopped (x{Options.Speed})")).ConfigureAwait(false);
        }
        else
        {
            var now = DateTimeOffset.UtcNow;
            Clock = Options.Speed == 1 ? TimeProvider.System : new AcceleratedClock(now, Options.Speed);
            firstDay = Jst.Today(Clock).AddDays(-1);
            var expected = prefix + firstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (current != expected)
            {
                foreach (var (part, _) in NodeFolders)
                {
                    var dir = Path.Combine(data, part);
                    if (Directory.Exists(dir))
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                }

                if (current is not null)
                {
                    await progress.WriteLineAsync($"reset      the data folder held another demo ({current}); its reads and market were started afresh").ConfigureAwait(false);
                }

                await File.WriteAllTextAsync(marker, expected + "\n").ConfigureAwait(false);
            }

            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"clock      started at {Clock.GetUtcNow():O} (x{Options.Speed})")).ConfigureAwait(false);
        }

        checkpoint.Save(Clock.GetUtcNow());
        clockKeeping = Task.Run(() => checkpoint.RunAsync(Clock, stopping.Token), CancellationToken.None);
        return firstDay;
    }

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled (Ctrl+C).</summary>
    public static async Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (feeding is not null)
        {
            try
            {
                await feeding.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (clockKeeping is not null)
        {
            // Writes the clock down a last time.
            await clockKeeping.ConfigureAwait(false);
        }

        for (var i = apps.Count - 1; i >= 0; i--)
        {
            await apps[i].StopAsync(CancellationToken.None).ConfigureAwait(false);
            await apps[i].DisposeAsync().ConfigureAwait(false);
        }

        if (simulator is not null)
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
        }

        usageValues?.Dispose();
        foreach (var client in tsoClients)
        {
            client.Dispose();
        }

        stopping.Dispose();
        foreach (var folderLock in folderLocks)
        {
            folderLock.Dispose();
        }
    }
}

/// <summary>The public and internal addresses of a started demo or cluster (the gateway, metering, switching, screens).</summary>
internal sealed record DemoUrls(Uri Gateway, Uri Metering, Uri Switching, Uri Web);
