using System.CommandLine;
using Renkei.Cli.Serve;
using Renkei.Formats.Switching;
using Renkei.Formats.Text;
using Renkei.Switching;
using Renkei.Switching.Market;

namespace Renkei.Cli.Switching;

/// <summary><c>renkei switching …</c>: offline tools for a switching hub's or an area TSO node's store (docs/operations.md).</summary>
internal static class SwitchingCommand
{
    public static Command Build()
    {
        var command = new Command("switching", "Tools for the switching hub's and the TSO nodes' stores");
        command.Subcommands.Add(BuildImport());
        return command;
    }

    private static Command BuildImport()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The data folder of serve switching (switching.db) or, with --area, of serve tso (tso-NN.db)", Required = true };
        var market = new Option<FileInfo?>("--market") { Description = "The market file (CSV, docs/formats.md \"Market file\")" };
        var schedules = new Option<FileInfo?>("--schedules") { Description = "A reading schedule file (検針日程, CSV, docs/formats.md \"Reading schedule file\"), into the hub's store" };
        var area = new Option<int?>("--area") { Description = "Import into area NN's TSO node store, taking only that area's supply points" };
        var database = new Option<string>("--database") { Description = "sqlite (a file in the data folder) or postgres (with --connection)", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (Npgsql) when --database postgres" };
        var command = new Command("import", "Load a market file (retailers, supply points, contract holders, wheeling contracts) and/or a reading schedule file: each all or nothing")
        {
            data, market, schedules, area, database, connection,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string name = "renkei switching import";
            var file = parse.GetValue(market);
            var scheduleFile = parse.GetValue(schedules);
            var number = parse.GetValue(area);
            if (number is < 1 or > 10)
            {
                await Console.Error.WriteLineAsync($"{name}: --area {number}: expected 1 to 10");
                return 2;
            }

            if (file is null && scheduleFile is null)
            {
                await Console.Error.WriteLineAsync($"{name}: give --market FILE, --schedules FILE or both");
                return 2;
            }

            if (scheduleFile is not null && number is not null)
            {
                await Console.Error.WriteLineAsync($"{name}: --schedules goes into the hub's store, without --area (the hub computes the switch dates)");
                return 2;
            }

            foreach (var (option, given, max) in new[] { ("--market", file, MarketFile.MaxBytes), ("--schedules", scheduleFile, ReadingScheduleFile.MaxBytes) })
            {
                if (given is null)
                {
                    continue;
                }

                if (!given.Exists)
                {
                    await Console.Error.WriteLineAsync($"{name}: {option} {given.FullName}: no such file");
                    return 2;
                }

                if (given.Length > max)
                {
                    await Console.Error.WriteLineAsync($"{name}: {option} {given.FullName}: {given.Length:N0} bytes, at most {max:N0}; split it into several files");
                    return 2;
                }
            }

            var dataDirectory = parse.GetValue(data)!.FullName;
            var sqlite = Path.Combine(dataDirectory, number is { } n ? $"tso-{n:D2}.db" : "switching.db");
            if (!ServeSwitchingCommand.TryDatabase(name, parse.GetValue(database)!, parse.GetValue(connection), sqlite, out var store))
            {
                return 2;
            }

            Directory.CreateDirectory(dataDirectory);
            await using var db = store.CreateContext();
            await SwitchingHost.MigrateAsync(db, cancellationToken);
            if (file is not null)
            {
                var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
                var result = await MarketImport.ImportAsync(db, bytes, number, cancellationToken: cancellationToken);
                if (!result.Accepted)
                {
                    await ReportAsync(name, file, result.Errors);
                    return 1;
                }

                Console.WriteLine($"imported {file.Name}: {result}");
            }

            if (scheduleFile is not null)
            {
                var bytes = await File.ReadAllBytesAsync(scheduleFile.FullName, cancellationToken);
                var result = await ReadingScheduleImport.ImportAsync(db, bytes, cancellationToken: cancellationToken);
                if (!result.Accepted)
                {
                    await ReportAsync(name, scheduleFile, result.Errors);
                    return 1;
                }

                Console.WriteLine($"imported {scheduleFile.Name}: {result}");
            }

            return 0;
        });
        return command;
    }

    private static async Task ReportAsync(string name, FileInfo file, IReadOnlyList<FormatError> errors)
    {
        await Console.Error.WriteLineAsync($"{name}: {file.Name} was rejected, nothing was imported ({errors.Count} errors):");
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"  {Echo.Reason(error.ToString())}");
        }
    }
}
