using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Renkei.Cli.Composition;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Hosting.InternalAuth;
using Renkei.Simulator.Fleet;

namespace Renkei.Cli.Serve;

/// <summary>
/// <c>renkei serve simulator</c>: the simulated meters posting their reads to a HES URL (the metering node's HES
/// route, signed with the HES's key), and the simulator's head-end that answers the metering node's re-reads.
/// </summary>
internal static class ServeSimulatorCommand
{
    /// <summary>The HES's caller key in <c>&lt;data&gt;/keys/</c> (it signs every batch of reads).</summary>
    public const string KeyFile = "hes-caller.pem";

    /// <summary>The public half, written beside it for the metering node to trust (<c>serve metering --hes-key</c>).</summary>
    public const string PublicKeyFile = "hes-caller.pub.pem";

    public static Command Build()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data folder: keys/hes-caller.pem (created on first start) and its public half", Required = true };
        var meters = new Option<int>("--meters") { Description = "Number of simulated meters (the same fleet as renkei demo --meters: the registry of the metering node must list it)", Required = true };
        meters.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 5_000_000)
            {
                r.AddError("--meters must be between 1 and 5000000");
            }
        });
        var hes = UrlOption.Create("--hes", "The metering node's internal URL; the reads go to POST <url>/internal/v1/hes/reads (the node trusts keys/hes-caller.pub.pem with --hes-key)", required: true);
        var meteringKey = new Option<FileInfo>("--metering-key") { Description = "The metering node's public caller key (PEM; serve metering writes keys/metering-caller.pub.pem): the only caller of the head-end's re-read route", Required = true };
        var port = new Option<int>("--port") { Description = "Loopback port of the head-end's re-read route (serve metering --hes-url; 0 = any free port)", DefaultValueFactory = _ => 0 };
        var from = new Option<string?>("--reads-from") { Description = "First day of reads, yyyy-MM-dd (JST; default: yesterday, as renkei demo)" };
        var command = new Command("simulator", "The simulated meters posting reads to the HES, and the head-end answering re-reads")
        {
            data, meters, hes, meteringKey, port, from,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string name = "renkei serve simulator";
            var number = parse.GetValue(port);
            if (number is < 0 or > 65535)
            {
                await Console.Error.WriteLineAsync($"{name}: --port {number}: expected a port 0 to 65535");
                return 2;
            }

            var firstDay = Jst.Today(TimeProvider.System).AddDays(-1);
            if (parse.GetValue(from) is { } fromText && !DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out firstDay))
            {
                await Console.Error.WriteLineAsync($"{name}: --reads-from {fromText}: expected a date yyyy-MM-dd");
                return 2;
            }

            if (!ServeSwitchingCommand.TryPublicKey(name, "--metering-key", parse.GetValue(meteringKey)!, out var metering))
            {
                return 2;
            }

            var dataDirectory = parse.GetValue(data)!.FullName;
            using var folder = DataFolder.TryLock(name, dataDirectory, "simulator data folder");
            if (folder is null)
            {
                return 1;
            }

            var key = InternalCallerKey.LoadOrCreate(Path.Combine(dataDirectory, "keys", KeyFile));
            await File.WriteAllTextAsync(Path.Combine(dataDirectory, "keys", PublicKeyFile), key.ExportSubjectPublicKeyInfoPem(), cancellationToken);
            var fleet = MeterFleet.Create(parse.GetValue(meters), TsoArea.Tokyo);
            await using var simulator = await FleetSimulator.StartAsync(fleet, number, metering, l => l.SetMinimumLevel(LogLevel.Warning), cancellationToken);
            Console.WriteLine($"simulator head-end listening on {simulator.HeadEndUrl.ToString().TrimEnd('/')} ({fleet.Meters.Count:N0} meters; {simulator.Faults.NeverAnswersRereadPer10000 / 100.0:F0} % never answer a re-read)");
            var feedStart = Jst.StartOfDay(firstDay);
            var feeder = simulator.Connect(UrlOption.Base(parse.GetValue(hes)!), key, feedStart, TimeProvider.System, Console.Out);
            try
            {
                var sent = await feeder.CatchUpAsync(cancellationToken);
                Console.WriteLine($"simulator caught up: {sent:N0} reads sent since {feedStart:yyyy-MM-dd HH:mm} JST, {feeder.ReadsAccepted:N0} new to the read log");
                await feeder.RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }

            return 0;
        });
        return command;
    }
}
