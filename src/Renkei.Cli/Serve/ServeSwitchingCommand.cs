using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Formats.Text;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;
using Renkei.Switching.Tso.Node;

namespace Renkei.Cli.Serve;

/// <summary>
/// <c>renkei serve switching</c> (the hub) and <c>renkei serve tso</c> (one area's TSO node), each in its own
/// process with its own database (docs/operations.md).
/// </summary>
internal static class ServeSwitchingCommand
{
    /// <summary>The hub's caller key in <c>&lt;data&gt;/keys/</c> (it signs its orders to the TSO nodes and its metering calls).</summary>
    public const string HubKeyFile = "switching-caller.pem";

    /// <summary>The public half of the hub's key, written beside it for the TSO nodes to trust (<c>--hub-key</c>).</summary>
    public const string HubPublicKeyFile = "switching-caller.pub.pem";

    private static Option<DirectoryInfo> DataOption(string what) => new("--data") { Description = what, Required = true };

    private static Option<string> DatabaseOption() => new("--database")
    {
        Description = "sqlite (a file in the data folder) or postgres (with --connection)",
        DefaultValueFactory = _ => "sqlite",
    };

    private static Option<string?> ConnectionOption() => new("--connection") { Description = "PostgreSQL connection string (Npgsql) when --database postgres" };

    private static Option<string> ListenOption() => new("--listen")
    {
        Description = "Address of the internal listener (loopback, or a private address; never one retailers reach)",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    private static Option<int> PortOption() => new("--port") { Description = "Port of the internal listener (0 = any free port)", DefaultValueFactory = _ => 0 };

    public static Command BuildSwitching()
    {
        var data = DataOption("Data folder: switching.db (with --database sqlite) and keys/");
        var database = DatabaseOption();
        var connection = ConnectionOption();
        var listen = ListenOption();
        var port = PortOption();
        var areas = new Option<string?>("--areas") { Description = "Areas served, e.g. 03,06 (default: all ten)" };
        var tsos = new Option<string[]>("--tso")
        {
            Description = "An area served by a TSO node of its own, as AREA=URL (e.g. 03=http://10.0.0.13:5103); repeat per area. Other served areas run an in-process TSO",
            AllowMultipleArgumentsPerToken = false,
        };
        var gatewayKey = new Option<FileInfo?>("--gateway-key") { Description = "The gateway's public caller key (PEM): trusted for the routes it proxies and follows" };
        var meteringKey = new Option<FileInfo?>("--metering-key")
        {
            Description = "The metering node's public caller key (PEM; serve metering --switching writes keys/metering-caller.pub.pem): trusted for the contract and reading-schedule feeds only",
        };
        var metering = new Option<string?>("--metering")
        {
            Description = "The metering node's internal URL (e.g. http://10.0.0.20:5200): IF_10310 reads usage values there with the hub's key (serve metering --switching-key). Without it IF_10310 answers 503",
        };
        var calendarFile = CalendarFileOption.Create();
        var command = new Command("switching", "The switching hub: applications, 廃止取次, the outbox to the area TSOs, internal API")
        {
            data, database, connection, listen, port, areas, tsos, gatewayKey, meteringKey, metering, calendarFile,
        };
        var ops = new OpsOptions();
        ops.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string name = "renkei serve switching";
            var dataDirectory = parse.GetValue(data)!.FullName;
            using var folder = DataFolder.TryLock(name, dataDirectory, "switching data folder");
            if (folder is null)
            {
                return 1;
            }

            if (!TryDatabase(name, parse.GetValue(database)!, parse.GetValue(connection), Path.Combine(dataDirectory, "switching.db"), out var store)
                || !TryAddress(name, parse.GetValue(listen)!, out var address)
                || !TryAreas(name, parse.GetValue(areas), out var served)
                || !TryTsos(name, parse.GetValue(tsos) ?? [], out var remote)
                || !ops.TryGet(name, parse, out var observability)
                || !CalendarFileOption.TryLoad(name, parse.GetValue(calendarFile), out var calendar))
            {
                return 2;
            }

            Uri? meteringUrl = null;
            if (parse.GetValue(metering) is { } meteringText
                && (!Uri.TryCreate(meteringText.EndsWith('/') ? meteringText : meteringText + "/", UriKind.Absolute, out meteringUrl) || meteringUrl.Scheme is not ("http" or "https")))
            {
                await Console.Error.WriteLineAsync($"{name}: --metering {Echo.Prefix(meteringText)}: expected the metering node's URL, e.g. http://127.0.0.1:5200");
                return 2;
            }

            ECDsa? gateway = null;
            if (parse.GetValue(gatewayKey) is { } gatewayFile && !TryPublicKey(name, "--gateway-key", gatewayFile, out gateway))
            {
                return 2;
            }

            ECDsa? meteringCaller = null;
            if (parse.GetValue(meteringKey) is { } meteringFile && !TryPublicKey(name, "--metering-key", meteringFile, out meteringCaller))
            {
                return 2;
            }

            Directory.CreateDirectory(dataDirectory);
            var operatorKey = InternalCallerKey.LoadOrCreate(Path.Combine(dataDirectory, "keys", ServeCommand.OperatorKeyFile));
            var hubKey = InternalCallerKey.LoadOrCreate(Path.Combine(dataDirectory, "keys", HubKeyFile));
            await File.WriteAllTextAsync(Path.Combine(dataDirectory, "keys", HubPublicKeyFile), hubKey.ExportSubjectPublicKeyInfoPem(), cancellationToken);
            List<InternalCaller> callers = [new(ServeCommand.OperatorIssuer, InternalCallerKey.PublicOnly(operatorKey), [new InternalRoute(null, "/internal/v1/")])];
            if (gateway is not null)
            {
                callers.Add(new InternalCaller("gateway", gateway, [.. SwitchingHostOptions.GatewayRoutes]));
            }

            if (meteringCaller is not null)
            {
                // The metering node follows the contract feed and the reading-schedule feed, nothing else.
                callers.Add(new InternalCaller(Renkei.Metering.MeteringHostOptions.CallerName, meteringCaller, [.. SwitchingHostOptions.MeteringRoutes]));
            }

            var signer = new InternalCallerSigner(hubKey, TsoRoutes.HubCallerName, TimeProvider.System);
            var clients = remote.Select(t => new TsoClient(t.Area, () => t.Url, signer)).ToList();
            served ??= [.. Enumerable.Range(1, 10)];
            foreach (var client in clients.Where(c => !served.Contains(c.Area)))
            {
                await Console.Error.WriteLineAsync($"{name}: --tso {client.Area:D2}: the area is not among --areas");
                return 2;
            }

            // IF_10310's usage values come from the metering node, read with the hub's own key (the one its TSO
            // orders carry), which the metering node trusts for the usage-history route only.
            using var usage = meteringUrl is null ? null : new Renkei.Switching.Applications.IF_10310_UsageValues.MeteringUsageSource(
                () => meteringUrl, new InternalCallerSigner(hubKey, Renkei.Switching.Applications.IF_10310_UsageValues.MeteringUsageSource.CallerName, TimeProvider.System));
            var app = SwitchingHost.Build(
                new SwitchingHostOptions
                {
                    DataDirectory = dataDirectory,
                    Database = store,
                    ListenAddress = address,
                    Port = parse.GetValue(port),
                    Areas = served,
                    RemoteTsos = clients,
                    UsageValues = usage,
                    Observability = observability,
                    Calendar = calendar,
                    Callers = new InternalCallerTrust { Audience = SwitchingHostOptions.Audience, Callers = callers },
                },
                l => l.SetMinimumLevel(LogLevel.Warning));
            await SwitchingHost.EnsureDatabaseAsync(app.Services, cancellationToken);
            await app.StartAsync(cancellationToken);
            var remoteText = clients.Count == 0 ? "every area in-process" : "TSO nodes for " + string.Join(", ", clients.Select(c => c.Area.ToString("D2", CultureInfo.InvariantCulture)));
            var linkText = meteringUrl is null ? "no metering link" : "metering " + meteringUrl.ToString().TrimEnd('/');
            linkText += calendar is null ? "; shipped calendar" : $"; calendar {parse.GetValue(calendarFile)!.Name}";
            Console.WriteLine($"switching listening on {app.Urls.First()} ({store.Provider.ToString().ToLowerInvariant()}; areas {string.Join(",", served.Select(a => a.ToString("D2", CultureInfo.InvariantCulture)))}; {remoteText}; {linkText})");
            PrintOps(app.Services);
            await RunUntilStoppedAsync(app, cancellationToken);
            foreach (var client in clients)
            {
                client.Dispose();
            }

            return 0;
        });
        return command;
    }

    public static Command BuildTso()
    {
        var area = new Option<int>("--area") { Description = "The area this TSO serves (1–10, e.g. 3 or 03)", Required = true };
        var data = DataOption("Data folder: tso-NN.db (with --database sqlite)");
        var database = DatabaseOption();
        var connection = ConnectionOption();
        var listen = ListenOption();
        var port = PortOption();
        var hubKey = new Option<FileInfo>("--hub-key") { Description = "The hub's public caller key (PEM; serve switching writes keys/switching-caller.pub.pem): the only caller trusted", Required = true };
        var seedFrom = new Option<FileInfo?>("--seed-from") { Description = "A switching SQLite store (switching.db) to copy this area's supply points and contracts from, when this TSO's store is empty" };
        var command = new Command("tso", "One area's TSO node: its wheeling contracts and supply points, answering the hub's orders")
        {
            area, data, database, connection, listen, port, hubKey, seedFrom,
        };
        var ops = new OpsOptions();
        ops.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string name = "renkei serve tso";
            var number = parse.GetValue(area);
            if (number is < 1 or > 10)
            {
                await Console.Error.WriteLineAsync($"{name}: --area {number}: expected 1 to 10");
                return 2;
            }

            var dataDirectory = parse.GetValue(data)!.FullName;
            using var folder = DataFolder.TryLock(name, dataDirectory, "TSO data folder");
            if (folder is null)
            {
                return 1;
            }

            if (!TryDatabase(name, parse.GetValue(database)!, parse.GetValue(connection), Path.Combine(dataDirectory, $"tso-{number:D2}.db"), out var store)
                || !TryAddress(name, parse.GetValue(listen)!, out var address)
                || !TryPublicKey(name, "--hub-key", parse.GetValue(hubKey)!, out var hub)
                || !ops.TryGet(name, parse, out var observability))
            {
                return 2;
            }

            var seed = parse.GetValue(seedFrom);
            if (seed is not null && !seed.Exists)
            {
                await Console.Error.WriteLineAsync($"{name}: --seed-from {seed.FullName}: no such file");
                return 2;
            }

            // The TSO's own operator key (created on first start): its tools change supply-point facts at the node
            // (POST /internal/v1/tso-operator/...), which the hub then follows.
            var operatorKey = InternalCallerKey.LoadOrCreate(Path.Combine(dataDirectory, "keys", ServeCommand.OperatorKeyFile));
            var app = TsoHost.Build(
                new TsoHostOptions
                {
                    Area = number,
                    DataDirectory = dataDirectory,
                    Database = store,
                    ListenAddress = address,
                    Port = parse.GetValue(port),
                    Callers = TsoHostOptions.TrustingHub(number, hub, operatorPublicKey: InternalCallerKey.PublicOnly(operatorKey)),
                    Observability = observability,
                },
                l => l.SetMinimumLevel(LogLevel.Warning));
            await TsoHost.EnsureDatabaseAsync(app.Services, cancellationToken);
            var seeded = 0;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var target = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
                if (seed is not null && !await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(target.SupplyPoints, cancellationToken))
                {
                    await using var source = SwitchingDatabase.SqliteFile(seed.FullName).CreateContext();
                    seeded = await TsoStoreSeed.CopyAreaAsync(source, target, number, cancellationToken);
                }
            }

            await app.StartAsync(cancellationToken);
            Console.WriteLine($"tso {number:D2} listening on {app.Urls.First()} ({store.Provider.ToString().ToLowerInvariant()}{(seeded > 0 ? $"; seeded {seeded} supply points" : string.Empty)})");
            PrintOps(app.Services);
            await RunUntilStoppedAsync(app, cancellationToken);
            return 0;
        });
        return command;
    }

    internal static async Task RunUntilStoppedAsync(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }

    internal static bool TryDatabase(string name, string provider, string? connection, string sqlitePath, out SwitchingDatabase database)
    {
        database = null!;
        SwitchingDatabaseProvider kind;
        try
        {
            kind = SwitchingDatabase.ParseProvider(provider);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"{name}: --database: {e.Message}");
            return false;
        }

        if (kind == SwitchingDatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connection))
            {
                Console.Error.WriteLine($"{name}: --database postgres needs --connection (an Npgsql connection string)");
                return false;
            }

            database = SwitchingDatabase.Postgres(connection);
            return true;
        }

        if (connection is not null)
        {
            Console.Error.WriteLine($"{name}: --connection is only for --database postgres");
            return false;
        }

        database = SwitchingDatabase.SqliteFile(sqlitePath);
        return true;
    }

    private static void PrintOps(IServiceProvider services)
    {
        if (OpsOptions.Line(services) is { } line)
        {
            Console.WriteLine(line);
        }
    }

    private static bool TryAddress(string name, string text, out IPAddress address)
    {
        if (IPAddress.TryParse(text, out address!))
        {
            return true;
        }

        Console.Error.WriteLine($"{name}: --listen {Echo.Prefix(text)}: not an IP address");
        return false;
    }

    private static bool TryAreas(string name, string? text, out int[]? areas)
    {
        areas = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var parsed = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var area) || area is < 1 or > 10)
            {
                Console.Error.WriteLine($"{name}: --areas {Echo.Prefix(text)}: '{Echo.Prefix(part)}' is not an area 01 to 10");
                return false;
            }

            parsed.Add(area);
        }

        areas = [.. parsed.Distinct()];
        return true;
    }

    private static bool TryTsos(string name, string[] specs, out List<(int Area, Uri Url)> tsos)
    {
        tsos = [];
        foreach (var spec in specs)
        {
            var parts = spec.Split('=', 2);
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var area) || area is < 1 or > 10
                || !Uri.TryCreate(parts[1].EndsWith('/') ? parts[1] : parts[1] + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                Console.Error.WriteLine($"{name}: --tso {spec}: expected AREA=URL, e.g. 03=http://127.0.0.1:5103");
                return false;
            }

            if (tsos.Any(t => t.Area == area))
            {
                Console.Error.WriteLine($"{name}: --tso {spec}: area {area:D2} is given twice");
                return false;
            }

            tsos.Add((area, url));
        }

        return true;
    }

    internal static bool TryPublicKey(string name, string option, FileInfo file, out ECDsa key)
    {
        key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(file.FullName));
            key = InternalCallerKey.PublicOnly(key);
            return true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or CryptographicException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{name}: {option} {file.FullName}: not a readable PEM key ({e.Message})");
            return false;
        }
    }
}
