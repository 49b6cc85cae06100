using System.CommandLine;
using Renkei.Cli.Serve;
using Renkei.Formats.Switching;
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
        var market = new Option<FileInfo>("--market") { Description = "The market file (CSV, docs/formats.md \"Market file\")", Required = true };
        var area = new Option<int?>("--area") { Description = "Import into area NN's TSO node store, taking only that area's supply points" };
        var database = new Option<string>("--database") { Description = "sqlite (a file in the data folder) or postgres (with --connection)", DefaultValueFactory = _ => "sqlite" };
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (Npgsql) when --database postgres" };
        var command = new Command("import", "Load retailers, supply points, contract holders and wheeling contracts from a market file: all or nothing")
        {
            data, market, area, database, connection,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            const string name = "renkei switching import";
            var file = parse.GetValue(market)!;
            var number = parse.GetValue(area);
            if (number is < 1 or > 10)
            {
                await Console.Error.WriteLineAsync($"{name}: --area {number}: expected 1 to 10");
                return 2;
            }

            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"{name}: --market {file.FullName}: no such file");
                return 2;
            }

            if (file.Length > MarketFile.MaxBytes)
            {
                await Console.Error.WriteLineAsync($"{name}: --market {file.FullName}: {file.Length:N0} bytes, at most {MarketFile.MaxBytes:N0}; split the market into several files");
                return 2;
            }

            var dataDirectory = parse.GetValue(data)!.FullName;
            var sqlite = Path.Combine(dataDirectory, number is { } n ? $"tso-{n:D2}.db" : "switching.db");
            if (!ServeSwitchingCommand.TryDatabase(name, parse.GetValue(database)!, parse.GetValue(connection), sqlite, out var store))
            {
                return 2;
            }

            Directory.CreateDirectory(dataDirectory);
            var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
            await using var db = store.CreateContext();
            await SwitchingHost.MigrateAsync(db, cancellationToken);
            var result = await MarketImport.ImportAsync(db, bytes, number, cancellationToken: cancellationToken);
            if (!result.Accepted)
            {
                await Console.Error.WriteLineAsync($"{name}: {file.Name} was rejected, nothing was imported ({result.Errors.Count} errors):");
                foreach (var error in result.Errors)
                {
                    await Console.Error.WriteLineAsync($"  {error}");
                }

                return 1;
            }

            Console.WriteLine($"imported {file.Name}: {result}");
            return 0;
        });
        return command;
    }
}
