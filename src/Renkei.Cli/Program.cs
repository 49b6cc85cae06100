using System.CommandLine;
using Renkei.Cli.Demo;

namespace Renkei.Cli;

/// <summary><c>renkei</c>: the command-line entry point.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync();

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("Renkei: data exchange between electricity retailers and the grid operator (30-minute energy, switching).");
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(Tools.IntervalsCommand.Build());
        root.Subcommands.Add(Renkei.Bench.BenchCommand.Build(DemoBenchComposition.StartAsync));
        root.Subcommands.Add(Serve.ServeCommand.Build());
        root.Subcommands.Add(Switching.SwitchingCommand.Build());
        root.Subcommands.Add(Audit.AuditCommand.Build());
        root.Subcommands.Add(RetailerApi.RetailerCommand.Build());
        root.Subcommands.Add(OperatorApi.OperatorCommand.Build());
        return root;
    }
}
