using System.CommandLine;

namespace Renkei.Cli.Cluster;

/// <summary>
/// <c>renkei cluster</c>: the whole topology on one machine as separate OS processes (docs/operations.md), for those
/// who outgrow one process; each part is a <c>renkei serve …</c> command that also runs alone.
/// </summary>
internal static class ClusterCommand
{
    /// <summary>The environment variable read when <c>--postgres</c> is not given.</summary>
    public const string PostgresVariable = "RENKEI_POSTGRES";

    public static Command Build()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data folder: every part's folder, logs/<name>.log, demo.json and cluster.json", Required = true };
        var meters = new Option<int>("--meters") { Description = "Number of simulated meters", DefaultValueFactory = _ => 10_000 };
        meters.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 5_000_000)
            {
                r.AddError("--meters must be between 1 and 5000000");
            }
        });
        var postgres = new Option<string?>("--postgres")
        {
            Description = $"PostgreSQL server for the stores (an Npgsql connection string whose user may create databases; else {PostgresVariable}); without either, a private server is started in <data>/postgres from Debian's PostgreSQL binaries. Each start creates the stores' databases afresh",
        };
        var meteringNodes = new Option<int>("--metering-nodes")
        {
            Description = $"Metering nodes per area; only {ClusterOptions.MaxMeteringNodesPerArea} for now: several nodes of one area need the partition leases, which are not built yet",
            DefaultValueFactory = _ => 1,
        };
        meteringNodes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > ClusterOptions.MaxMeteringNodesPerArea)
            {
                r.AddError($"--metering-nodes must be {ClusterOptions.MaxMeteringNodesPerArea} for now: several metering nodes of one area need the partition leases, which are not built yet");
            }
        });
        var gateways = new Option<int>("--gateways")
        {
            Description = $"Gateway instances on one PostgreSQL store, as behind a load balancer (gateway-1 at --port, the others on free ports; 1 to {ClusterOptions.MaxGateways})",
            DefaultValueFactory = _ => 2,
        };
        gateways.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > ClusterOptions.MaxGateways)
            {
                r.AddError($"--gateways must be 1 to {ClusterOptions.MaxGateways}");
            }
        });
        var port = new Option<int>("--port") { Description = "HTTPS port of gateway-1 on 127.0.0.1, the address printed and used by the screens (0 = any free port)", DefaultValueFactory = _ => 8443 };
        var webPort = new Option<int>("--web-port") { Description = "Screens HTTPS port on 127.0.0.1 (0 = any free port)", DefaultValueFactory = _ => 8444 };
        foreach (var option in new[] { port, webPort })
        {
            option.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() is < 0 or > 65535)
                {
                    r.AddError($"{option.Name} must be 0 to 65535");
                }
            });
        }

        var command = new Command("cluster", "Start the whole system on this machine as separate processes: three nats-server, PostgreSQL, metering, switching, the TSO nodes, two gateway instances, the screens and the simulator")
        {
            data, meters, postgres, meteringNodes, gateways, port, webPort,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ClusterOptions
            {
                DataDirectory = parse.GetValue(data)!.FullName,
                Meters = parse.GetValue(meters),
                Postgres = parse.GetValue(postgres) ?? (Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null),
                MeteringNodes = parse.GetValue(meteringNodes),
                Gateways = parse.GetValue(gateways),
                GatewayPort = parse.GetValue(port),
                WebPort = parse.GetValue(webPort),
            };
            Console.WriteLine($"Renkei cluster: {options.Meters:N0} meters, data in {options.DataDirectory}");
            ClusterHost host;
            try
            {
                host = await ClusterHost.StartAsync(options, Console.Out, cancellationToken);
            }
            catch (Exception e) when (e is ClusterStartException or IOException or Npgsql.NpgsqlException or Renkei.Hosting.FolderInUseException)
            {
                await Console.Error.WriteLineAsync($"renkei cluster: {e.Message}");
                return 1;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }

            await using (host)
            {
                using var stopping = cancellationToken.Register(host.MarkStopping);
                Demo.DemoCommand.PrintCredentials(host.Credentials, host.CredentialsPath, options.DataDirectory);
                Console.WriteLine($"Processes and their addresses: {host.ManifestPath}");
                try
                {
                    // A part that dies is reported at once (ClusterHost); the others keep running until Ctrl+C.
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }

                Console.WriteLine("Stopping...");
            }

            return 0;
        });
        return command;
    }
}
