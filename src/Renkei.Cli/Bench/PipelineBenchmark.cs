using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using DuckDB.NET.Data;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Reads;
using Renkei.Formats.Registry;
using Renkei.Metering.Engine;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;
using Renkei.Simulator.Fleet;

namespace Renkei.Cli.Bench;

/// <summary>
/// <c>renkei bench pipeline</c>: the whole metering pipeline on a simulated fleet of N meters. Each phase runs
/// in its own process, started by this one, so that each one's memory is its own, as in a deployment:
/// <list type="number">
/// <item><b>ingest</b>: binary batches decoded, validated, appended to the fsync'd read log and applied (durable
/// ingest), each slot closed at its cutoff (cutoff to queryable), snapshots as the service writes them, peak
/// working set; then the process ends without a last snapshot, as a crash would leave it;</item>
/// <item><b>restart</b>: a new process loads the saved registry and the snapshot, replays the read log's tail,
/// closes the slots again and reports its time and the values' fingerprints, compared with the first;</item>
/// <item><b>duckdb</b>: the same reads loaded into DuckDB and their deltas computed by SQL, the baseline.</item>
/// </list>
/// </summary>
internal static class PipelineBenchmark
{
    private const int IngestChunk = 1 << 20;

    /// <summary>Prefix of a phase's result line on its standard output (the other lines are relayed).</summary>
    private const string ResultMarker = "#renkei-phase-result ";

    private static readonly DateOnly Day = new(2026, 4, 1);

    public static async Task<int> RunAsync(int meterCount, int slots, string dataDirectory, bool skipDuckDb, TextWriter output)
    {
        var data = Path.GetFullPath(dataDirectory);
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        Directory.CreateDirectory(data);
        await output.WriteLineAsync($"renkei bench pipeline: {meterCount:N0} meters, {slots} slots, {Environment.ProcessorCount} cores, data in {data}; each phase in its own process").ConfigureAwait(false);
        try
        {
            var ingest = await RunPhaseAsync<IngestPhaseResult>("ingest", meterCount, slots, data, output).ConfigureAwait(false);
            var restart = await RunPhaseAsync<RestartPhaseResult>("restart", meterCount, slots, data, output).ConfigureAwait(false);
            var identical = restart.Fingerprints.SequenceEqual(ingest.Fingerprints);
            await output.WriteLineAsync($"  restart: values identical to before: {identical}").ConfigureAwait(false);
            DuckDbPhaseResult? duck = null;
            if (!skipDuckDb)
            {
                duck = await RunPhaseAsync<DuckDbPhaseResult>("duckdb", meterCount, slots, data, output).ConfigureAwait(false);
            }

            var renkeiSeconds = ingest.IngestSeconds + ingest.CloseSeconds.Sum();
            var result = new PipelineResult(
                meterCount,
                slots,
                ingest.Reads,
                Math.Round(ingest.Reads / ingest.IngestSeconds),
                Math.Round(ingest.CloseSeconds.Max(), 3),
                Math.Round(ingest.CloseSeconds.Average(), 3),
                ingest.PeakWorkingSetBytes,
                Math.Round(restart.RestartSeconds, 2),
                identical,
                restart.PeakWorkingSetBytes,
                duck is null ? null : Math.Round(duck.Seconds, 2),
                Math.Round(renkeiSeconds, 2),
                Environment.ProcessorCount);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync($"  meters                      {result.Meters,14:N0}").ConfigureAwait(false);
            await output.WriteLineAsync($"  reads ingested (durable)    {result.Reads,14:N0}").ConfigureAwait(false);
            await output.WriteLineAsync($"  ingest reads/s (durable)    {result.IngestReadsPerS,14:N0}").ConfigureAwait(false);
            await output.WriteLineAsync($"  slot close s (max / mean)   {result.SlotCloseSeconds,14:F3} / {result.SlotCloseMeanSeconds:F3}").ConfigureAwait(false);
            await output.WriteLineAsync($"  peak working set            {result.PeakWorkingSetBytes / (1024.0 * 1024 * 1024),14:F2} GiB").ConfigureAwait(false);
            await output.WriteLineAsync($"  restart s                   {result.RestartSeconds,14:F2}").ConfigureAwait(false);
            await output.WriteLineAsync($"  restart peak working set    {result.RestartPeakWorkingSetBytes / (1024.0 * 1024 * 1024),14:F2} GiB").ConfigureAwait(false);
            await output.WriteLineAsync($"  renkei s (ingest+publish)   {result.RenkeiSeconds,14:F2}").ConfigureAwait(false);
            await output.WriteLineAsync($"  DuckDB baseline s           {(result.BaselineDuckdbSeconds?.ToString("F2", CultureInfo.InvariantCulture) ?? "skipped"),14}").ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, PipelineResult.Json)).ConfigureAwait(false);
            return identical ? 0 : 1;
        }
        catch (PhaseFailedException e)
        {
            await Console.Error.WriteLineAsync($"renkei bench pipeline: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Runs one phase (<c>renkei bench pipeline-phase</c>) in this process, for the parent above.</summary>
    public static async Task<int> RunPhaseHereAsync(string phase, int meterCount, int slots, string data, TextWriter output)
    {
        object result = phase switch
        {
            "ingest" => await IngestPhaseAsync(meterCount, slots, data, output).ConfigureAwait(false),
            "restart" => await RestartPhaseAsync(slots, data, output).ConfigureAwait(false),
            "duckdb" => DuckDbPhase(meterCount, slots, output),
            _ => throw new ArgumentException($"unknown phase '{phase}' (ingest, restart or duckdb)", nameof(phase)),
        };
        await output.WriteLineAsync(ResultMarker + JsonSerializer.Serialize(result, result.GetType(), PipelineResult.Json)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Starts this program again for one phase, relays its lines and returns its result line.</summary>
    private static async Task<T> RunPhaseAsync<T>(string phase, int meterCount, int slots, string data, TextWriter output)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new PhaseFailedException("the path of this program is not known"))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Under `dotnet renkei.dll`, the process is the host: pass the program's assembly first.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PipelineBenchmark).Assembly.Location);
        }

        foreach (var a in new[] { "bench", "pipeline-phase", phase, "--meters", meterCount.ToString(CultureInfo.InvariantCulture), "--slots", slots.ToString(CultureInfo.InvariantCulture), "--data", data })
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start) ?? throw new PhaseFailedException($"the {phase} phase could not be started");
        string? resultLine = null;
        while (await child.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith(ResultMarker, StringComparison.Ordinal))
            {
                resultLine = line[ResultMarker.Length..];
            }
            else
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }
        }

        await child.WaitForExitAsync().ConfigureAwait(false);
        if (child.ExitCode != 0 || resultLine is null)
        {
            // 137 = killed by SIGKILL, usually the kernel's out-of-memory killer.
            throw new PhaseFailedException($"the {phase} phase ended with exit code {child.ExitCode}{(child.ExitCode == 137 ? " (killed: out of memory?)" : string.Empty)} and no result");
        }

        return JsonSerializer.Deserialize<T>(resultLine, PipelineResult.Json) ?? throw new PhaseFailedException($"the {phase} phase's result line is empty");
    }

    private static async Task<IngestPhaseResult> IngestPhaseAsync(int meterCount, int slots, string data, TextWriter output)
    {
        var t0 = Jst.StartOfDay(Day);
        var clock = new ManualClock(t0);
        var setup = Stopwatch.StartNew();
        var heap0 = HeapBytes();
        var fleet = MeterFleet.Create(meterCount, TsoArea.Tokyo);
        var heapFleet = HeapBytes();
        var registry = BuildRegistry(fleet, t0);
        var heapRegistry = HeapBytes();

        // As `renkei serve metering` does once the registry is loaded, before it builds the engine: give the
        // loading's garbage back to the system, so that the peak never holds that garbage and the engine at once.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  fleet and registry built in {setup.Elapsed.TotalSeconds:F1} s, loading garbage given back; {WorkingSet()}")).ConfigureAwait(false);

        using var log = new FileReadLog(Path.Combine(data, "readlog"));
        var engine = new IntervalEngine(registry, log, clock, new IntervalEngineOptions { WindowDays = 1 });
        var heapEngine = HeapBytes();
        await output.WriteLineAsync($"  engine built; {WorkingSet()}").ConfigureAwait(false);

        // As `renkei serve metering` does before it takes reads: the fresh log numbers the registry's meters.
        var prepare = Stopwatch.StartNew();
        log.Prepare(registry);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  read log prepared (the registry's {registry.Count:N0} meter IDs written to meters.ids) in {prepare.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);

        // As `renkei serve metering` does: the parsed registry is kept as columns for the next start.
        registry.Save(Path.Combine(data, "registry.bin"), "bench");
        var feed = new FleetFeed(fleet, t0, new FleetFaults());
        var heapFeed = HeapBytes();

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"  managed memory per meter: registry {(heapRegistry - heapFleet) / (double)meterCount:F0} B, engine {(heapEngine - heapRegistry) / (double)meterCount:F0} B; the benchmark's simulated fleet and head-end {(heapFleet - heap0 + heapFeed - heapEngine) / (double)meterCount:F0} B")).ConfigureAwait(false);

        using var sampler = new MemoryPeakSampler();
        long readsIngested = 0;
        var ingestTime = TimeSpan.Zero;
        var decodeTime = TimeSpan.Zero;
        var closeTimes = new List<double>();
        var snapshotTimes = new List<double>();
        var snapshots = Path.Combine(data, "snapshots");
        var rejected = new List<RejectedRead>();

        // The head-end sends each boundary's reads in batches of about a million, as binary batches over HTTP
        // would arrive; each batch is decoded and ingested before the next is generated (generation not timed).
        const int metersPerBatch = 1_000_000;
        var reads = new List<MeterRead>(metersPerBatch + (metersPerBatch / 5));
        var buffer = new ArrayBufferWriter<byte>((metersPerBatch + (metersPerBatch / 5)) * 28);
        var watch = new Stopwatch();
        for (var b = 0; b <= slots; b++)
        {
            // The reads of boundary b arrive at b.
            clock.Now = t0.AddTicks(b * Slot.TicksPerSlot);
            rejected.Clear();
            var boundaryReads = 0;
            BinaryReadsWriter.WriteMagic(buffer);
            feed.WriteNextBinary(buffer, metersPerBatch, () =>
            {
                watch.Restart();
                reads.Clear();
                BinaryReadsReader.DecodeParallel(buffer.WrittenMemory, registry, reads, rejected, Environment.ProcessorCount);
                decodeTime += watch.Elapsed;
                var span = CollectionsMarshal.AsSpan(reads);
                for (var i = 0; i < span.Length; i += IngestChunk)
                {
                    readsIngested += engine.Ingest(span.Slice(i, Math.Min(IngestChunk, span.Length - i)), rejected).Accepted;
                }

                ingestTime += watch.Elapsed;
                boundaryReads += reads.Count;
                buffer.ResetWrittenCount();
                BinaryReadsWriter.WriteMagic(buffer);
            });
            buffer.ResetWrittenCount();

            if (rejected.Count > 0)
            {
                await output.WriteLineAsync($"  boundary {b}: {rejected.Count} reads rejected, first: line {rejected[0].Line}: {rejected[0].Reason}").ConfigureAwait(false);
            }

            if (b >= 1)
            {
                // Cutoff of the slot that ended at boundary b: close it, timed from cutoff to queryable.
                var slot = Slot.Containing(t0.AddTicks(((b - 1) * Slot.TicksPerSlot) + 1));
                clock.Now = slot.End.AddMinutes(5);
                watch.Restart();
                engine.CloseSlot(slot);
                closeTimes.Add(watch.Elapsed.TotalSeconds);

                // As the service's closer does after publishing; not after the last slot, so the restart
                // has a log tail to replay (a crash just before that snapshot: one boundary of reads).
                if (b < slots)
                {
                    watch.Restart();
                    engine.WriteSnapshot(snapshots);
                    snapshotTimes.Add(watch.Elapsed.TotalSeconds);
                }
            }

            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  boundary {b,3}: {boundaryReads,12:N0} reads   ingest {readsIngested / Math.Max(ingestTime.TotalSeconds, 1e-9),14:N0} reads/s cumulative{(b >= 1 ? $"   slot {b} closed in {closeTimes[^1]:F3} s" : string.Empty)}   {WorkingSet()}; {sampler.Describe()}")).ConfigureAwait(false);
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var peak = self.PeakWorkingSet64;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  peak working set through ingest and close: {peak / (1024.0 * 1024 * 1024):F2} GiB (managed heap now {GC.GetTotalMemory(false) / (1024.0 * 1024 * 1024):F2} GiB)")).ConfigureAwait(false);
        await output.WriteLineAsync($"  ingest time: {ingestTime.TotalSeconds:F2} s, of which decoding the binary batches {decodeTime.TotalSeconds:F2} s; the rest is validation, the engine and the fsync'd log").ConfigureAwait(false);
        await output.WriteLineAsync($"  snapshots after each close (but the last): {snapshotTimes.Sum():F1} s in all, {(snapshotTimes.Count == 0 ? 0 : snapshotTimes.Max()):F2} s at most").ConfigureAwait(false);
        return new IngestPhaseResult(readsIngested, ingestTime.TotalSeconds, closeTimes, peak, Fingerprints(engine, Day, slots));
    }

    /// <summary>A fresh process, as after a crash: the saved registry, the last snapshot, the log's tail, the slots closed again.</summary>
    private static async Task<RestartPhaseResult> RestartPhaseAsync(int slots, string data, TextWriter output)
    {
        var clock = new ManualClock(Jst.StartOfDay(Day).AddTicks(slots * Slot.TicksPerSlot).AddMinutes(5));
        var restart = Stopwatch.StartNew();
        var registry = MeterRegistry.TryLoad(Path.Combine(data, "registry.bin"), "bench") ?? throw new InvalidOperationException("the registry saved by the ingest phase could not be loaded");
        var registrySeconds = restart.Elapsed.TotalSeconds;
        using var log = new FileReadLog(Path.Combine(data, "readlog"));
        var engine = new IntervalEngine(registry, log, clock, new IntervalEngineOptions { WindowDays = 1 });
        var engineSeconds = restart.Elapsed.TotalSeconds - registrySeconds;
        var replayFrom = engine.LoadSnapshot(Path.Combine(data, "snapshots"));
        var snapshotSeconds = restart.Elapsed.TotalSeconds - registrySeconds - engineSeconds;
        var replayed = ReadLogReplay.Replay(log, registry, engine, replayFrom);
        var replaySeconds = restart.Elapsed.TotalSeconds - registrySeconds - engineSeconds - snapshotSeconds;
        for (var k = 1; k <= slots; k++)
        {
            engine.CloseSlot(new Slot(Day, k));
        }

        var restartSeconds = restart.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"  restart in a new process: saved registry loaded in {registrySeconds:F1} s, engine built in {engineSeconds:F1} s, snapshot loaded in {snapshotSeconds:F1} s, {replayed:N0} reads of the log tail replayed in {replaySeconds:F1} s, {slots} slots closed; {restartSeconds:F1} s in all, peak working set {self.PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB")).ConfigureAwait(false);
        return new RestartPhaseResult(restartSeconds, replayed, self.PeakWorkingSet64, Fingerprints(engine, Day, slots));
    }

    private static DuckDbPhaseResult DuckDbPhase(int meterCount, int slots, TextWriter output)
    {
        var fleet = MeterFleet.Create(meterCount, TsoArea.Tokyo);
        return new DuckDbPhaseResult(DuckDbBaseline(fleet, Jst.StartOfDay(Day), slots, output));
    }

    /// <summary>The process's working set now and at its peak, as the bench prints it.</summary>
    private static string WorkingSet()
    {
        using var now = Process.GetCurrentProcess();
        return string.Create(CultureInfo.InvariantCulture, $"working set {now.WorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB (peak {now.PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2})");
    }

    /// <summary>Managed heap after a full collection (outside every timed section).</summary>
    private static long HeapBytes() => GC.GetTotalMemory(forceFullCollection: true);

    private static MeterRegistry BuildRegistry(MeterFleet fleet, DateTimeOffset installedAt)
    {
        var registry = new MeterRegistry();
        foreach (var m in fleet.Meters)
        {
            registry.Add(new MeterInstallation(m.SupplyPointId, m.MeterId, m.Multiplier, m.RegisterDigits, installedAt.AddDays(-1), m.InitialRegister, m.MaxPerSlot, m.HasSolar));
        }

        // As `renkei serve metering` does after reading the registry file.
        registry.TrimExcess();

        return registry;
    }

    private static List<ulong> Fingerprints(IntervalEngine engine, DateOnly day, int slots)
    {
        var result = new List<ulong>();
        for (var k = 1; k <= slots; k++)
        {
            result.Add(engine.Fingerprint(new Slot(day, k)));
        }

        return result;
    }

    /// <summary>The same reads into an in-memory DuckDB (appender), then the deltas by a window function.</summary>
    private static double DuckDbBaseline(MeterFleet fleet, DateTimeOffset t0, int slots, TextWriter output)
    {
        var feed = new FleetFeed(fleet, t0, new FleetFaults());
        var buffer = new ArrayBufferWriter<byte>(fleet.Meters.Count * 28);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE reads (meter_id VARCHAR, boundary UINTEGER, register BIGINT, direction UTINYINT)";
            create.ExecuteNonQuery();
        }

        var watch = new Stopwatch();
        long rows = 0;
        for (var b = 0; b <= slots; b++)
        {
            buffer.ResetWrittenCount();
            feed.WriteNextBinary(buffer);
            watch.Start();
            using (var appender = connection.CreateAppender("reads"))
            {
                var span = buffer.WrittenSpan;
                var pos = 0;
                while (pos < span.Length)
                {
                    var n = span[pos];
                    var id = System.Text.Encoding.UTF8.GetString(span.Slice(pos + 1, n));
                    var p = pos + 1 + n;
                    var row = appender.CreateRow();
                    row.AppendValue(id)
                        .AppendValue(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[p..]))
                        .AppendValue(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(span[(p + 4)..]))
                        .AppendValue(span[p + 12])
                        .EndRow();
                    pos = p + 13;
                    rows++;
                }
            }

            watch.Stop();
        }

        var load = watch.Elapsed.TotalSeconds;
        watch.Restart();
        using (var query = connection.CreateCommand())
        {
            query.CommandText = """
                CREATE TABLE intervals AS
                SELECT meter_id, direction, boundary,
                       register - lag(register) OVER (PARTITION BY meter_id, direction ORDER BY boundary) AS delta
                FROM reads
                """;
            query.ExecuteNonQuery();
        }

        var compute = watch.Elapsed.TotalSeconds;
        output.WriteLine($"  DuckDB: {rows:N0} rows loaded in {load:F2} s (appender), deltas computed in {compute:F2} s");
        return load + compute;
    }
}

/// <summary>The benchmark's result line.</summary>
internal sealed record PipelineResult(
    int Meters,
    int Slots,
    long Reads,
    double IngestReadsPerS,
    double SlotCloseSeconds,
    double SlotCloseMeanSeconds,
    long PeakWorkingSetBytes,
    double RestartSeconds,
    bool RestartIdentical,
    long RestartPeakWorkingSetBytes,
    double? BaselineDuckdbSeconds,
    double RenkeiSeconds,
    int Cores)
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

internal sealed record IngestPhaseResult(long Reads, double IngestSeconds, List<double> CloseSeconds, long PeakWorkingSetBytes, List<ulong> Fingerprints);

internal sealed record RestartPhaseResult(double RestartSeconds, long Replayed, long PeakWorkingSetBytes, List<ulong> Fingerprints);

internal sealed record DuckDbPhaseResult(double Seconds);

internal sealed class PhaseFailedException(string message) : Exception(message);
