using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using DuckDB.NET.Data;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;
using Renkei.Simulator.Fleet;

namespace Renkei.Cli.Bench;

/// <summary>
/// <c>renkei bench pipeline</c>: the whole metering pipeline on a simulated fleet of N meters, in one process:
/// binary batches decoded, validated, appended to the fsync'd read log and applied (durable ingest), each slot
/// closed at its cutoff (cutoff to queryable), peak working set, and a restart (read log replayed into a fresh
/// engine). Then the same reads loaded into DuckDB and their deltas computed by SQL, as the baseline.
/// </summary>
internal static class PipelineBenchmark
{
    private const int IngestChunk = 1 << 20;

    public static async Task<int> RunAsync(int meterCount, int slots, string dataDirectory, bool skipDuckDb, TextWriter output)
    {
        var data = Path.GetFullPath(dataDirectory);
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        Directory.CreateDirectory(data);
        var day = new DateOnly(2026, 4, 1);
        var t0 = Jst.StartOfDay(day);
        var clock = new ManualClock(t0);

        await output.WriteLineAsync($"renkei bench pipeline: {meterCount:N0} meters, {slots} slots, {Environment.ProcessorCount} cores, data in {data}").ConfigureAwait(false);
        var setup = Stopwatch.StartNew();
        var heap0 = HeapBytes();
        var fleet = MeterFleet.Create(meterCount, TsoArea.Tokyo);
        var heapFleet = HeapBytes();
        var registry = BuildRegistry(fleet, t0);
        var heapRegistry = HeapBytes();
        await output.WriteLineAsync($"  fleet and registry built in {setup.Elapsed.TotalSeconds:F1} s").ConfigureAwait(false);

        var log = new FileReadLog(Path.Combine(data, "readlog"));
        var engine = new IntervalEngine(registry, log, clock, new IntervalEngineOptions { WindowDays = 1 });
        var heapEngine = HeapBytes();

        // As `renkei serve metering` does: the parsed registry is kept as columns for the next start.
        var registryPath = Path.Combine(data, "registry.bin");
        registry.Save(registryPath, "bench");
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"  managed memory per meter: simulated fleet {(heapFleet - heap0) / (double)meterCount:F0} B (the benchmark's, not the service's), registry {(heapRegistry - heapFleet) / (double)meterCount:F0} B, engine {(heapEngine - heapRegistry) / (double)meterCount:F0} B")).ConfigureAwait(false);
        var feed = new FleetFeed(fleet, t0, new FleetFaults());

        long readsIngested = 0;
        var ingestTime = TimeSpan.Zero;
        var decodeTime = TimeSpan.Zero;
        var closeTimes = new List<double>();
        var snapshotTimes = new List<double>();
        var snapshots = Path.Combine(data, "snapshots");
        var rejected = new List<RejectedRead>();
        var reads = new List<MeterRead>(meterCount + (meterCount / 10));
        var buffer = new ArrayBufferWriter<byte>(meterCount * 28);
        for (var b = 0; b <= slots; b++)
        {
            // The reads of boundary b arrive at b (generated outside the timing).
            clock.Now = t0.AddTicks(b * Slot.TicksPerSlot);
            buffer.ResetWrittenCount();
            Simulator.Fleet.BinaryReadsWriter.WriteMagic(buffer);
            feed.WriteNextBinary(buffer);

            var watch = Stopwatch.StartNew();
            reads.Clear();
            rejected.Clear();
            BinaryReadsReader.DecodeParallel(buffer.WrittenMemory, registry, reads, rejected, Environment.ProcessorCount);
            decodeTime += watch.Elapsed;
            var span = CollectionsMarshal.AsSpan(reads);
            for (var i = 0; i < span.Length; i += IngestChunk)
            {
                readsIngested += engine.Ingest(span.Slice(i, Math.Min(IngestChunk, span.Length - i)), rejected).Accepted;
            }

            ingestTime += watch.Elapsed;
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

                // As the service's closer does after publishing; not after the last slot, so the restart below
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
                $"  boundary {b,3}: {reads.Count,12:N0} reads   ingest {readsIngested / Math.Max(ingestTime.TotalSeconds, 1e-9),14:N0} reads/s cumulative{(b >= 1 ? $"   slot {b} closed in {closeTimes[^1]:F3} s" : string.Empty)}")).ConfigureAwait(false);
        }

        var beforeRestart = Fingerprints(engine, day, slots);
        using (var self = Process.GetCurrentProcess())
        {
            self.Refresh();
            var peak = self.PeakWorkingSet64;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  peak working set through ingest and close: {peak / (1024.0 * 1024 * 1024):F2} GiB (managed heap now {GC.GetTotalMemory(false) / (1024.0 * 1024 * 1024):F2} GiB)")).ConfigureAwait(false);
            log.Dispose();

            // A restarted process holds none of this: drop the engine, the registry and the ingest buffers (this
            // method is async, so its locals live on until overwritten), and give the memory back.
            engine = null!;
            registry = null!;
            reads = null!;
            buffer = null!;
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;

            // Restart: the registry loaded as saved, a new engine from its snapshot, the log tail replayed, the slots closed again.
            GC.Collect();
            var restart = Stopwatch.StartNew();
            var registry2 = MeterRegistry.TryLoad(registryPath, "bench") ?? throw new InvalidOperationException("the registry saved before the restart could not be loaded");
            var registrySeconds = restart.Elapsed.TotalSeconds;
            using var log2 = new FileReadLog(Path.Combine(data, "readlog"));
            var engine2 = new IntervalEngine(registry2, log2, clock, new IntervalEngineOptions { WindowDays = 1 });
            var replayFrom = engine2.LoadSnapshot(snapshots);
            var replayed = ReadLogReplay.Replay(log2, registry2, engine2, replayFrom);
            for (var k = 1; k <= slots; k++)
            {
                engine2.CloseSlot(new Slot(day, k));
            }

            var restartSeconds = restart.Elapsed.TotalSeconds;
            self.Refresh();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  peak working set of the whole run, the restart included: {self.PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB")).ConfigureAwait(false);
            var identical = Fingerprints(engine2, day, slots).SequenceEqual(beforeRestart);
            await output.WriteLineAsync($"  ingest time: {ingestTime.TotalSeconds:F2} s, of which decoding the binary batches {decodeTime.TotalSeconds:F2} s; the rest is validation, the engine and the fsync'd log").ConfigureAwait(false);
            await output.WriteLineAsync($"  snapshots after each close (but the last): {snapshotTimes.Sum():F1} s in all, {(snapshotTimes.Count == 0 ? 0 : snapshotTimes.Max()):F2} s at most").ConfigureAwait(false);
            await output.WriteLineAsync($"  restart: registry rebuilt, snapshot loaded, {replayed:N0} reads of the log tail replayed and {slots} slots closed in {restartSeconds:F1} s (loading the saved registry {registrySeconds:F1} s); values identical to before: {identical}").ConfigureAwait(false);
            engine2 = null!;
            GC.Collect();

            double? duckSeconds = null;
            if (!skipDuckDb)
            {
                duckSeconds = DuckDbBaseline(fleet, t0, slots, output);
            }

            var renkeiSeconds = ingestTime.TotalSeconds + closeTimes.Sum();
            var result = new PipelineResult(
                meterCount,
                slots,
                readsIngested,
                Math.Round(readsIngested / ingestTime.TotalSeconds),
                Math.Round(closeTimes.Max(), 3),
                Math.Round(closeTimes.Average(), 3),
                peak,
                Math.Round(restartSeconds, 2),
                identical,
                duckSeconds is null ? null : Math.Round(duckSeconds.Value, 2),
                Math.Round(renkeiSeconds, 2),
                Environment.ProcessorCount);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync($"  meters                      {result.Meters,14:N0}").ConfigureAwait(false);
            await output.WriteLineAsync($"  reads ingested (durable)    {result.Reads,14:N0}").ConfigureAwait(false);
            await output.WriteLineAsync($"  ingest reads/s (durable)    {result.IngestReadsPerS,14:N0}").ConfigureAwait(false);
            await output.WriteLineAsync($"  slot close s (max / mean)   {result.SlotCloseSeconds,14:F3} / {result.SlotCloseMeanSeconds:F3}").ConfigureAwait(false);
            await output.WriteLineAsync($"  peak working set            {result.PeakWorkingSetBytes / (1024.0 * 1024 * 1024),14:F2} GiB").ConfigureAwait(false);
            await output.WriteLineAsync($"  restart s                   {result.RestartSeconds,14:F2}").ConfigureAwait(false);
            await output.WriteLineAsync($"  renkei s (ingest+publish)   {result.RenkeiSeconds,14:F2}").ConfigureAwait(false);
            await output.WriteLineAsync($"  DuckDB baseline s           {(result.BaselineDuckdbSeconds?.ToString("F2", CultureInfo.InvariantCulture) ?? "skipped"),14}").ConfigureAwait(false);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, PipelineResult.Json)).ConfigureAwait(false);
        }

        Directory.Delete(data, recursive: true);
        return 0;
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
    double? BaselineDuckdbSeconds,
    double RenkeiSeconds,
    int Cores)
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
