using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Time;
using Renkei.Formats.Registry;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Cli.Serve;

/// <summary><c>renkei serve &lt;component&gt;</c>: one component in its own process.</summary>
internal static class ServeCommand
{
    /// <summary>The operator's caller key in <c>&lt;data&gt;/keys/</c>.</summary>
    public const string OperatorKeyFile = "operator-caller.pem";

    /// <summary>The issuer name of the operator's proofs.</summary>
    public const string OperatorIssuer = "operator";

    public static Command Build()
    {
        var serve = new Command("serve", "Run one component in its own process");
        serve.Subcommands.Add(BuildMetering());
        serve.Subcommands.Add(ServeSwitchingCommand.BuildSwitching());
        serve.Subcommands.Add(ServeSwitchingCommand.BuildTso());
        serve.Subcommands.Add(ServeGatewayCommand.Build());
        serve.Subcommands.Add(ServeWebCommand.Build());
        serve.Subcommands.Add(ServeSimulatorCommand.Build());
        return serve;
    }

    private static Command BuildMetering()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data folder (the read log)", Required = true };
        var registryFile = new Option<FileInfo>("--registry") { Description = "Registry file (CSV, docs/formats.md)", Required = true };
        var port = new Option<int>("--port") { Description = "Loopback port of the internal API (0 = any free port)", DefaultValueFactory = _ => 0 };
        var http2Port = new Option<int?>("--http2-port") { Description = "Also serve the internal API over cleartext HTTP/2 on this loopback port, for the gateway's proxy (0 = any free port; default: none)" };
        http2Port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0 or > 65535)
            {
                result.AddError("--http2-port must be between 0 and 65535");
            }
        });
        var windowDays = new Option<int>("--window-days") { Description = "Days held in memory", DefaultValueFactory = _ => 2 };
        var cutoff = new Option<int>("--cutoff-minutes") { Description = "Minutes after a slot's end before it is closed", DefaultValueFactory = _ => 5 };
        var historyPostgres = new Option<string?>("--history-postgres") { Description = "Keep slots that leave the window in PostgreSQL (an Npgsql connection string) instead of <data>/history.db" };
        var switchingKey = new Option<FileInfo?>("--switching-key")
        {
            Description = "The switching hub's public caller key (PEM; serve switching writes keys/switching-caller.pub.pem): trusted for GET /internal/v1/usage-history/ only (IF_10310)",
        };
        var nats = new Option<string?>("--nats")
        {
            Description = "Cluster mode: keep the read log in a JetStream stream replicated on three NATS servers (comma-separated nats:// URLs) instead of <data>/readlog",
        };
        nats.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } urls && NatsServers(urls) is null)
            {
                result.AddError($"--nats {urls}: give the NATS servers as nats://host:port URLs separated by commas");
            }
        });
        var natsCa = new Option<FileInfo?>("--nats-ca")
        {
            Description = "With --nats: the CA certificate (PEM) the NATS servers' certificate must chain to; with it the node speaks TLS only (renkei cluster writes <data>/ca/ca.crt)",
        };
        var natsUser = new Option<string?>("--nats-user")
        {
            Description = "With --nats: the NATS user the node connects as (renkei cluster's servers know metering-<area>, docs/security.md); needs --nats-password-file",
        };
        var natsPasswordFile = new Option<FileInfo?>("--nats-password-file")
        {
            Description = "With --nats-user: a file whose first line is the user's password (keep it readable by the node's user only; renkei cluster writes <data>/nats/users/<user>.password)",
        };
        var natsArea = new Option<string?>("--nats-area")
        {
            Description = "With --nats: the two-digit TSO area whose stream and subjects the node writes (default: the area of the registry's first meter)",
        };
        var nodeId = new Option<string?>("--node-id")
        {
            Description = "With --nats: the node's id in the area's partition leases, unique in the cluster (letters, digits, '-', '_'; default: the host name and --port, or the process id when --port is 0)",
        };
        var leaseTtl = new Option<int>("--lease-ttl")
        {
            Description = "With --nats: seconds a partition lease lasts without renewal (renewed every third of it; a dead node's partitions are taken over after it)",
            DefaultValueFactory = _ => 10,
        };
        leaseTtl.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 600)
            {
                result.AddError("--lease-ttl must be 1 to 600 seconds");
            }
        });
        var hesUrl = UrlOption.Create(
            "--hes-url",
            "The head-end (HES) to ask for re-reads of the meters silent at each slot's cutoff (POST <url>/internal/v1/hes/rereads, signed with keys/metering-caller.pem; its public half is written to keys/metering-caller.pub.pem for the head-end to trust). Default: no re-reads",
            required: false);
        var switchingUrl = UrlOption.Create(
            "--switching",
            "The switching hub's internal URL: the node follows its contract and reading-schedule feeds (which retailer may read which point), signed with keys/metering-caller.pem (serve switching --metering-key trusts its public half, keys/metering-caller.pub.pem). Default: no feeds; retailer reads find no points",
            required: false);
        var gatewayKey = new Option<FileInfo?>("--gateway-key")
        {
            Description = "The gateway's public caller key (PEM; serve gateway writes keys/gateway-caller.pub.pem): trusted for retailer reads, the operator dashboard and the change feed",
        };
        var hesKey = new Option<FileInfo?>("--hes-key")
        {
            Description = "The HES's public caller key (PEM; serve simulator writes keys/hes-caller.pub.pem): trusted to post reads (POST /internal/v1/hes/reads) only",
        };
        var rereadAttempts = new Option<int>("--reread-attempts") { Description = "With --hes-url: how many times at most a missing read of a slot is asked for again (1 to 10)", DefaultValueFactory = _ => 2 };
        rereadAttempts.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10)
            {
                result.AddError("--reread-attempts must be 1 to 10");
            }
        });
        var maxBatches = new Option<int>("--max-batches-in-flight")
        {
            Description = $"The most HES batches read or ingested at once; the one beyond is refused with 503 and Retry-After before its body is read, and the head-end sends it again (1 to {MeteringHostOptions.MaxBatchesInFlightBound})",
            DefaultValueFactory = _ => MeteringHostOptions.DefaultMaxBatchesInFlight,
        };
        maxBatches.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MeteringHostOptions.MaxBatchesInFlightBound)
            {
                result.AddError($"--max-batches-in-flight must be 1 to {MeteringHostOptions.MaxBatchesInFlightBound}");
            }
        });
        var command = new Command("metering", "The metering node: HES ingest, read log, interval engine, internal API on loopback")
        {
            data, registryFile, port, http2Port, windowDays, cutoff, historyPostgres, switchingKey, gatewayKey, hesKey, switchingUrl, nats, natsCa, natsUser, natsPasswordFile, natsArea, nodeId, leaseTtl, hesUrl, rereadAttempts, maxBatches,
        };
        var ops = new OpsOptions();
        ops.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(registryFile)!;
            if (!ops.TryGet("renkei serve metering", parse, out var observability))
            {
                return 2;
            }

            System.Security.Cryptography.ECDsa? hub = null;
            if (parse.GetValue(switchingKey) is { } hubFile && !ServeSwitchingCommand.TryPublicKey("renkei serve metering", "--switching-key", hubFile, out hub))
            {
                return 2;
            }

            System.Security.Cryptography.ECDsa? gatewayCaller = null;
            System.Security.Cryptography.ECDsa? hesCaller = null;
            if ((parse.GetValue(gatewayKey) is { } gatewayFile && !ServeSwitchingCommand.TryPublicKey("renkei serve metering", "--gateway-key", gatewayFile, out gatewayCaller))
                || (parse.GetValue(hesKey) is { } hesFile && !ServeSwitchingCommand.TryPublicKey("renkei serve metering", "--hes-key", hesFile, out hesCaller)))
            {
                return 2;
            }

            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"renkei serve metering: --registry {file.FullName}: no such file");
                return 2;
            }

            // The parsed registry is kept beside the data as columns, tagged with the registry file's SHA-256:
            // a restart with the same file loads it in seconds instead of parsing millions of lines again.
            var dataDirectory = parse.GetValue(data)!.FullName;
            using var folder = DataFolder.TryLock("renkei serve metering", dataDirectory, "metering data folder");
            if (folder is null)
            {
                return 1;
            }

            var cachePath = Path.Combine(dataDirectory, "registry.bin");
            string source;
            await using (var hashed = file.OpenRead())
            {
                source = "sha256:" + Convert.ToHexString(await System.Security.Cryptography.SHA256.HashDataAsync(hashed, cancellationToken));
            }

            var registry = MeterRegistry.TryLoad(cachePath, source);
            try
            {
                if (registry is null)
                {
                    registry = new MeterRegistry();
                    using (var registryStream = File.OpenRead(file.FullName))
                    {
                        foreach (var meter in RegistryCsvParser.Parse(registryStream))
                        {
                            registry.Add(meter);
                        }
                    }

                    registry.TrimExcess();
                    registry.Save(cachePath, source);
                }
            }
            catch (RegistryFileException e)
            {
                await Console.Error.WriteLineAsync($"renkei serve metering: {file.Name} was rejected:");
                foreach (var error in e.Errors)
                {
                    await Console.Error.WriteLineAsync($"  {error}");
                }

                return 1;
            }

            // Parsing the registry file grows its columns by doubling; give that garbage back to the system once,
            // so the node's memory is what it holds (at 30 million meters, several GB).
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

            // The operator's caller key (created on first start, owner-readable only): tools and tests sign
            // their requests with it; the process trusts only its public half. Without a proof every request is
            // refused, even from loopback (docs/security.md).
            var operatorKey = InternalCallerKey.LoadOrCreate(Path.Combine(dataDirectory, "keys", OperatorKeyFile));
            var callers = Composition.MeteringCallers.Trust(
                gatewayCaller,
                hesCaller,
                hub,
                [new InternalCaller(OperatorIssuer, InternalCallerKey.PublicOnly(operatorKey), [new InternalRoute(null, "/internal/v1/")])]);
            Metering.Ingest.JetStream.JetStreamReadLogOptions? stream = null;
            Metering.Cluster.PartitionLeaseOptions? leases = null;
            if (parse.GetValue(nats) is { } natsUrls)
            {
                var area = parse.GetValue(natsArea) ?? (registry.Count > 0 ? ((int)registry[0].SupplyPointId.Area).ToString("D2", System.Globalization.CultureInfo.InvariantCulture) : null);
                if (area is null)
                {
                    await Console.Error.WriteLineAsync("renkei serve metering: --nats needs --nats-area when the registry holds no meter");
                    return 2;
                }

                var connection = await NatsConnectionAsync(NatsServers(natsUrls)!, parse.GetValue(natsCa), parse.GetValue(natsUser), parse.GetValue(natsPasswordFile), cancellationToken);
                if (connection is null)
                {
                    return 2;
                }

                stream = new Metering.Ingest.JetStream.JetStreamReadLogOptions { Nats = connection, Area = area };
                try
                {
                    stream.Validate();
                }
                catch (ArgumentException e)
                {
                    await Console.Error.WriteLineAsync($"renkei serve metering: --nats-area: {e.Message}");
                    return 2;
                }

                // The node owns the partitions it holds leases for (docs/architecture.md, "Partition leases").
                leases = new Metering.Cluster.PartitionLeaseOptions
                {
                    Nats = stream.Nats,
                    Area = area,
                    Partitions = stream.Partitions,
                    NodeId = parse.GetValue(nodeId) ?? DefaultNodeId(parse.GetValue(port)),
                    Ttl = TimeSpan.FromSeconds(parse.GetValue(leaseTtl)),
                };
                try
                {
                    leases.Validate();
                }
                catch (ArgumentException e)
                {
                    await Console.Error.WriteLineAsync($"renkei serve metering: --node-id: {e.Message}");
                    return 2;
                }
            }

            // Re-reads and the hub's feeds are asked for with the node's own caller key; the head-end and the hub
            // trust its public half.
            System.Security.Cryptography.ECDsa? meteringKey = null;
            if (parse.GetValue(hesUrl) is not null || parse.GetValue(switchingUrl) is not null)
            {
                meteringKey = InternalCallerKey.LoadOrCreate(Path.Combine(dataDirectory, "keys", MeteringKeyFile));
                await File.WriteAllTextAsync(Path.Combine(dataDirectory, "keys", MeteringPublicKeyFile), meteringKey.ExportSubjectPublicKeyInfoPem(), cancellationToken);
            }

            var days = parse.GetValue(windowDays);
            var clock = TimeProvider.System;
            var started = System.Diagnostics.Stopwatch.StartNew();
            WebApplication app;
            try
            {
                app = MeteringHost.Build(
                    new MeteringHostOptions
                    {
                        DataDirectory = dataDirectory,
                        Callers = callers,
                        Port = parse.GetValue(port),
                        Http2Port = parse.GetValue(http2Port),
                        JetStream = stream,
                        Leases = leases,
                        Observability = observability,
                        HesUrl = UrlOption.TryParse(parse.GetValue(hesUrl)),
                        RereadAttempts = parse.GetValue(rereadAttempts),
                        MaxBatchesInFlight = parse.GetValue(maxBatches),
                        CallerKey = meteringKey,
                        SwitchingUrl = UrlOption.TryParse(parse.GetValue(switchingUrl)),
                        FirstSlotToClose = new Slot(Jst.Today(clock).AddDays(1 - days), 1),
                        Engine = new IntervalEngineOptions
                        {
                            WindowDays = days,
                            Cutoff = TimeSpan.FromMinutes(parse.GetValue(cutoff)),
                            History = parse.GetValue(historyPostgres) is { Length: > 0 } pg ? new Metering.History.PostgresHistoryStore(pg) : null,
                        },
                    },
                    registry,
                    clock,
                    l => l.SetMinimumLevel(LogLevel.Warning));
            }
            catch (IOException e) when (stream is not null)
            {
                await Console.Error.WriteLineAsync($"renkei serve metering: --nats: {e.Message}");
                return 1;
            }
            catch (RegistryFileException e)
            {
                // A registry change kept from an earlier run no longer fits the registry file given now.
                await Console.Error.WriteLineAsync("renkei serve metering: the registry changes kept in the data folder do not fit the registry file:");
                foreach (var error in e.Errors)
                {
                    await Console.Error.WriteLineAsync($"  {error}");
                }

                return 1;
            }

            await app.StartAsync(cancellationToken);
            if (parse.GetValue(switchingUrl) is not null)
            {
                await MeteringHost.SyncContractsAsync(app, cancellationToken);
            }

            var listeners = MeteringListeners.Of(app);
            Console.WriteLine($"metering listening on {listeners.Url.ToString().TrimEnd('/')}{(listeners.Http2Url is { } h2 ? $" (HTTP/2 for the gateway on {h2.ToString().TrimEnd('/')})" : string.Empty)} ({registry.Count:N0} meters; started in {started.Elapsed.TotalSeconds:F1} s)");
            if (OpsOptions.Line(app.Services) is { } opsLine)
            {
                Console.WriteLine(opsLine);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }

    /// <summary>The metering node's own caller key (re-read requests to the head-end), in <c>&lt;data&gt;/keys</c>.</summary>
    public const string MeteringKeyFile = "metering-caller.pem";

    /// <summary>Its public half, written beside it for the head-end to trust.</summary>
    public const string MeteringPublicKeyFile = "metering-caller.pub.pem";

    /// <summary>The host name and port (the process id when the port is picked at start), as a lease key allows.</summary>
    private static string DefaultNodeId(int port)
    {
        var host = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        var id = port > 0 ? $"{host}-{port}" : $"{host}-pid{Environment.ProcessId}";
        return id.Length <= 64 ? id : id[^64..];
    }

    /// <summary>
    /// How the node connects to the NATS servers: <c>--nats-ca</c>, <c>--nats-user</c> and the password read from
    /// <c>--nats-password-file</c>; null after writing why not (the option named).
    /// </summary>
    private static async Task<Metering.Cluster.NatsConnectionOptions?> NatsConnectionAsync(Uri[] servers, FileInfo? ca, string? user, FileInfo? passwordFile, CancellationToken cancellationToken)
    {
        if (ca is not null && !ca.Exists)
        {
            await Console.Error.WriteLineAsync($"renkei serve metering: --nats-ca {ca.FullName}: no such file");
            return null;
        }

        if ((user is null) != (passwordFile is null))
        {
            await Console.Error.WriteLineAsync(user is null
                ? "renkei serve metering: --nats-password-file needs --nats-user"
                : "renkei serve metering: --nats-user needs --nats-password-file");
            return null;
        }

        string? password = null;
        if (passwordFile is not null)
        {
            if (!passwordFile.Exists)
            {
                await Console.Error.WriteLineAsync($"renkei serve metering: --nats-password-file {passwordFile.FullName}: no such file");
                return null;
            }

            password = (await File.ReadAllLinesAsync(passwordFile.FullName, cancellationToken)).FirstOrDefault()?.Trim();
            if (string.IsNullOrEmpty(password))
            {
                await Console.Error.WriteLineAsync($"renkei serve metering: --nats-password-file {passwordFile.FullName}: line 1: empty; the first line must be the password");
                return null;
            }
        }

        var options = new Metering.Cluster.NatsConnectionOptions { Servers = servers, CaFile = ca?.FullName, User = user, Password = password };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"renkei serve metering: --nats-user: {e.Message}");
            return null;
        }

        return options;
    }

    /// <summary>The servers of <c>--nats</c> (comma-separated <c>nats://host:port</c>), or null if one is not such a URL.</summary>
    private static Uri[]? NatsServers(string urls)
    {
        var servers = new List<Uri>();
        foreach (var part in urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Scheme != "nats" || uri.Port <= 0)
            {
                return null;
            }

            servers.Add(uri);
        }

        return servers.Count > 0 ? [.. servers] : null;
    }
}
