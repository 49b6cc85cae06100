using System.CommandLine;

namespace Renkei.Cli.Bench;

/// <summary><c>renkei bench</c>: benchmarks; each prints its figures and, as its last line, one JSON object.</summary>
internal static class BenchCommand
{
    public static Command Build()
    {
        var command = new Command("bench", "Run a benchmark; the last line of output is one JSON object with the figures");
        command.Subcommands.Add(GatewayBenchCommand.Build());
        return command;
    }
}
