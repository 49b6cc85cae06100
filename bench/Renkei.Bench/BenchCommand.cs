using System.CommandLine;

namespace Renkei.Bench;

/// <summary><c>renkei bench …</c>: benchmarks (not tests); each prints a table and, last, one JSON line.</summary>
public static class BenchCommand
{
    /// <summary>The <c>bench</c> command; <paramref name="startDemo"/> starts the demo composition <c>bench gateway</c> measures.</summary>
    public static Command Build(StartDemoComposition startDemo)
    {
        var bench = new Command("bench", "Benchmarks: each prints a table and, as its last line, one JSON object");
        bench.Subcommands.Add(BuildPipeline());
        bench.Subcommands.Add(BuildPipelinePhase());
        bench.Subcommands.Add(SwitchingBenchmark.BuildCommand());
        bench.Subcommands.Add(GatewayBenchCommand.Build(startDemo));
        bench.Subcommands.Add(FormatsBenchmark.Build());
        return bench;
    }

    private static Command BuildPipeline()
    {
        var meters = new Option<int>("--meters") { Description = "Simulated meters (1M, 10M, 30M to size a TSO area)", DefaultValueFactory = _ => 1_000_000 };
        meters.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 50_000_000)
            {
                r.AddError("--meters must be between 1 and 50000000");
            }
        });
        var slots = new Option<int>("--slots") { Description = "Slots to ingest and close (after the first boundary)", DefaultValueFactory = _ => 4 };
        slots.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 48)
            {
                r.AddError("--slots must be between 1 and 48");
            }
        });
        var data = new Option<DirectoryInfo>("--data") { Description = "Scratch folder for the read log (deleted before and after)", DefaultValueFactory = _ => new DirectoryInfo("renkei-bench") };
        var noDuck = new Option<bool>("--no-duckdb") { Description = "Skip the DuckDB baseline" };
        var command = new Command("pipeline", "Meter reads to published 30-minute energy on a simulated fleet, with a DuckDB baseline")
        {
            meters, slots, data, noDuck,
        };
        command.SetAction((parse, _) => PipelineBenchmark.RunAsync(parse.GetValue(meters), parse.GetValue(slots), parse.GetValue(data)!.FullName, parse.GetValue(noDuck), Console.Out));
        return command;
    }

    /// <summary>One phase of <c>bench pipeline</c>, which starts this hidden command in a process of its own.</summary>
    private static Command BuildPipelinePhase()
    {
        var phase = new Argument<string>("phase") { Description = "ingest, restart or duckdb" };
        phase.AcceptOnlyFromAmong("ingest", "restart", "duckdb");
        var meters = new Option<int>("--meters") { Required = true };
        var slots = new Option<int>("--slots") { Required = true };
        var data = new Option<DirectoryInfo>("--data") { Required = true };
        var command = new Command("pipeline-phase", "One phase of `bench pipeline` (started by it)") { phase, meters, slots, data };
        command.Hidden = true;
        command.SetAction((parse, _) => PipelineBenchmark.RunPhaseHereAsync(parse.GetValue(phase)!, parse.GetValue(meters), parse.GetValue(slots), parse.GetValue(data)!.FullName, Console.Out));
        return command;
    }
}
