using System.CommandLine;
using Renkei.Cli.Demo;

namespace Renkei.Cli;

/// <summary><c>renkei</c>: the command-line entry point.</summary>
public static class Program
{
    /// <summary>
    /// How long a command may take to stop after Ctrl+C or SIGTERM before the process is ended: long enough for
    /// <c>renkei cluster</c> to stop each of its processes in turn (System.CommandLine's default is two seconds).
    /// </summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(3);

    public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = StopTimeout });

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("Renkei: data exchange between electricity retailers and the grid operator (30-minute energy, switching).");
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(Tools.IntervalsCommand.Build());
        root.Subcommands.Add(Renkei.Bench.BenchCommand.Build(DemoBenchComposition.StartAsync));
        root.Subcommands.Add(Serve.ServeCommand.Build());
        root.Subcommands.Add(Cluster.ClusterCommand.Build());
        root.Subcommands.Add(Switching.SwitchingCommand.Build());
        root.Subcommands.Add(Audit.AuditCommand.Build());
        root.Subcommands.Add(RetailerApi.RetailerCommand.Build());
        root.Subcommands.Add(OperatorApi.OperatorCommand.Build());
        return root;
    }
}
