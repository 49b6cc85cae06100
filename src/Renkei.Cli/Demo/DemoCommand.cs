using System.CommandLine;
using System.Globalization;

namespace Renkei.Cli.Demo;

/// <summary><c>renkei demo</c>: the whole system in one process on embedded defaults.</summary>
internal static class DemoCommand
{
    public static Command Build()
    {
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "Data folder (SQLite files, read log, certificate, demo.json)",
            DefaultValueFactory = _ => new DirectoryInfo("renkei-data"),
        };
        var meters = new Option<int>("--meters")
        {
            Description = "Number of simulated meters",
            DefaultValueFactory = _ => 10_000,
        };
        meters.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 5_000_000)
            {
                r.AddError("--meters must be between 1 and 5000000");
            }
        });
        var speed = new Option<double>("--speed")
        {
            Description = "Clock speed: 1 = real time, 60 = one simulated hour per real minute",
            DefaultValueFactory = _ => 1,
        };
        speed.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and <= 10_000))
            {
                r.AddError("--speed must be greater than 0 and at most 10000");
            }
        });
        var port = new Option<int>("--port")
        {
            Description = "Gateway HTTPS port on 127.0.0.1 (0 = any free port)",
            DefaultValueFactory = _ => 8443,
        };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--port must be 0 to 65535");
            }
        });
        var webPort = new Option<int>("--web-port")
        {
            Description = "Screens HTTPS port on 127.0.0.1 (0 = any free port)",
            DefaultValueFactory = _ => 8444,
        };
        webPort.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--web-port must be 0 to 65535");
            }
        });
        var rereadAttempts = new Option<int>("--reread-attempts")
        {
            Description = "How many times at most the metering node asks the simulator's head-end again for a read missing at a slot's cutoff (1 to 10)",
            DefaultValueFactory = _ => 2,
        };
        rereadAttempts.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10)
            {
                r.AddError("--reread-attempts must be 1 to 10");
            }
        });
        var verbose = new Option<bool>("--verbose") { Description = "Log at information level" };
        var reset = new Option<bool>("--reset")
        {
            Description = "Wipe the data folder's reads and market and start afresh (needed to change --meters on a data folder that holds a demo)",
        };

        var calendar = Serve.CalendarFileOption.Create();
        var command = new Command("demo", "Start the whole system in one process: simulated meters, HES, metering engine, switching store and the HTTPS gateway")
        {
            data, meters, speed, port, webPort, rereadAttempts, verbose, reset, calendar,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Serve.CalendarFileOption.TryLoad("renkei demo", parse.GetValue(calendar), out var businessCalendar))
            {
                return 2;
            }

            var options = new DemoOptions
            {
                DataDirectory = parse.GetValue(data)!.FullName,
                Meters = parse.GetValue(meters),
                Speed = parse.GetValue(speed),
                GatewayPort = parse.GetValue(port),
                WebPort = parse.GetValue(webPort),
                Verbose = parse.GetValue(verbose),
                Reset = parse.GetValue(reset),
                RereadAttempts = parse.GetValue(rereadAttempts),
                Calendar = businessCalendar,
            };
            Console.WriteLine($"Renkei demo: {options.Meters:N0} meters, clock x{options.Speed.ToString(CultureInfo.InvariantCulture)}, data in {options.DataDirectory}");
            DemoHost host;
            try
            {
                host = await DemoHost.StartAsync(options, Console.Out, cancellationToken);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"renkei demo: could not start: {e.Message}");
                return 1;
            }
            catch (DemoFleetChangedException e)
            {
                await Console.Error.WriteLineAsync($"renkei demo: {e.Message}");
                return 1;
            }

            await using (host)
            {
                PrintCredentials(host.Credentials, host.CredentialsPath, host.Options.DataDirectory);
                await DemoHost.WaitForShutdownAsync(cancellationToken);
                Console.WriteLine("Stopping...");
            }

            return 0;
        });
        return command;
    }

    /// <summary>The tour: where to connect, as whom, and commands to try (<c>renkei demo</c> and <c>renkei cluster</c>).</summary>
    internal static void PrintCredentials(DemoCredentials c, string credentialsPath, string dataDirectory)
    {
        Console.WriteLine();
        Console.WriteLine($"Gateway (retailers' only entry point):  {c.Gateway}");
        Console.WriteLine($"  token endpoint:                       {c.TokenEndpoint}");
        Console.WriteLine($"  TLS certificate (for curl --cacert):  {c.CaCertificate}");
        Console.WriteLine($"Screens (staff and operators):          {c.Screens}");
        Console.WriteLine($"  operator log-in:                      {c.Operator?.User} / {c.Operator?.Password}");
        Console.WriteLine($"  API reference:                        {c.Gateway}/scalar/v1  (OpenAPI: {c.Gateway}/openapi/v1.json)");
        Console.WriteLine($"Internal metering API (loopback only):  {c.Internal.Metering}");
        Console.WriteLine($"Internal switching API (loopback only): {c.Internal.Switching}");
        Console.WriteLine($"Simulated today: {c.Simulation.Today}; reads from {c.Simulation.ReadsFrom}");
        Console.WriteLine();
        foreach (var r in c.Retailers)
        {
            Console.WriteLine($"Retailer {r.Code} {r.Name}");
            Console.WriteLine($"  client_id={r.ClientId}  client_secret={r.ClientSecret}");
            Console.WriteLine($"  screens log-in:   {r.StaffUser} / {r.StaffPassword}");
            Console.WriteLine($"  supplies today:   {string.Join(' ', r.SuppliesToday)}");
            Console.WriteLine($"  does not supply:  {r.DoesNotSupply}");
            if (r.SwitchedAwayToday is not null)
            {
                Console.WriteLine($"  supplied yesterday, not today (switched away): {r.SwitchedAwayToday}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Credentials written to {credentialsPath}");
        Console.WriteLine("Try:");
        foreach (var line in DemoTryCommands.For(c, dataDirectory))
        {
            Console.WriteLine($"  {line}");
        }

        Console.WriteLine();
        Console.WriteLine("Press Ctrl+C to stop.");
    }
}
