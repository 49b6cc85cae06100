using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Renkei.Formats.Switching.Bulk;
using Renkei.Switching;
using Renkei.Switching.Api;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Bench;

/// <summary>
/// <c>renkei bench switching</c>: switch-in applications end to end through the internal API (real Kestrel on
/// loopback, real HTTP, the store on SQLite or PostgreSQL), from 16 concurrent clients, each a retailer applying
/// for points of its own slice (so the measure is the hub's throughput, not lock contention on one point).
/// </summary>
internal static class SwitchingBenchmark
{
    private const string Incumbent = "R0001";

    /// <summary>Warm-up rounds after the first: this many switch-ins each, up to <see cref="MaxWarmupFactor"/> times <c>--warmup</c> in all.</summary>
    private const int WarmupRound = 500;

    private const int MaxWarmupFactor = 8;

    /// <summary>A warm-up round that compiles fewer methods than this ends the warm-up.</summary>
    private const int QuietRoundMethods = 20;

    public static Command BuildCommand()
    {
        var database = new Option<string>("--database") { Description = "sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
        database.AcceptOnlyFromAmong("sqlite", "postgres");
        var applications = new Option<int>("--applications") { Description = "Switch-in applications to send (measured)", DefaultValueFactory = _ => 30_000 };
        applications.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 16 or > 1_000_000)
            {
                r.AddError("--applications must be between 16 and 1000000");
            }
        });
        var clients = new Option<int>("--clients") { Description = "Concurrent clients", DefaultValueFactory = _ => 16 };
        clients.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 256)
            {
                r.AddError("--clients must be between 1 and 256");
            }
        });
        var connection = new Option<string?>("--connection")
        {
            Description = "PostgreSQL server connection string (a scratch database is created on it and dropped); default $RENKEI_TEST_POSTGRES",
        };
        var warmup = new Option<int>("--warmup")
        {
            Description = "Switch-ins sent before the measured ones, not counted (JIT tiering, pools), at least; more rounds of 500 follow while the JIT is still busy (up to 8 times this): the figures are the steady state",
            // 4,000 (up to 32,000 in rounds): with fewer the JIT still compiles through the measured part
            // (docs/performance.md, switching).
            DefaultValueFactory = _ => 4_000,
        };
        warmup.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 1_000_000)
            {
                r.AddError("--warmup must be between 0 and 1000000");
            }
        });
        var data = new Option<DirectoryInfo>("--data") { Description = "Scratch folder for the SQLite file (deleted before and after)", DefaultValueFactory = _ => new DirectoryInfo("renkei-bench-switching") };
        var bulk = new Option<bool>("--bulk")
        {
            Description = "一括申請 instead: one bulk file of switch-ins (--applications rows, at most 10,000) uploaded to POST /internal/v1/bulk/switch-ins, after a warm-up file of --warmup rows (at most 10,000); the time until its result file is answered",
        };
        var command = new Command("switching", "Switch-in applications end to end through the internal switching API, 16 concurrent clients (or one bulk file, --bulk)")
        {
            database, applications, clients, warmup, connection, data, bulk,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var server = parse.GetValue(connection) ?? Environment.GetEnvironmentVariable("RENKEI_TEST_POSTGRES");
            var provider = SwitchingDatabase.ParseProvider(parse.GetValue(database)!);
            if (provider == SwitchingDatabaseProvider.Postgres && string.IsNullOrEmpty(server))
            {
                await Console.Error.WriteLineAsync("renkei bench switching: --database postgres needs --connection or RENKEI_TEST_POSTGRES (source .ci/postgres.sh)").ConfigureAwait(false);
                return 2;
            }

            if (parse.GetValue(bulk))
            {
                var rows = Math.Min(parse.GetValue(applications), BulkKind.MaxRows);
                await RunBulkAsync(provider, server, rows, Math.Min(parse.GetValue(warmup), BulkKind.MaxRows), parse.GetValue(data)!.FullName, Console.Out, cancellationToken).ConfigureAwait(false);
                return 0;
            }

            await RunAsync(provider, server, parse.GetValue(applications), parse.GetValue(clients), parse.GetValue(warmup), parse.GetValue(data)!.FullName, Console.Out, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    public static async Task<SwitchingBenchResult> RunAsync(
        SwitchingDatabaseProvider provider, string? server, int applications, int clients, int warmup, string dataDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var scratchName = "renkei_bench_" + Guid.NewGuid().ToString("N")[..12];
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        Directory.CreateDirectory(dataDirectory);
        SwitchingDatabase database;
        if (provider == SwitchingDatabaseProvider.Postgres)
        {
            await ExecuteOnServerAsync(server!, $"CREATE DATABASE {scratchName}", cancellationToken).ConfigureAwait(false);
            database = SwitchingDatabase.Postgres(new NpgsqlConnectionStringBuilder(server) { Database = scratchName, MaxPoolSize = 64 }.ConnectionString);
        }
        else
        {
            database = SwitchingDatabase.SqliteFile(Path.Combine(dataDirectory, "switching.db"));
        }

        try
        {
            var name = provider == SwitchingDatabaseProvider.Sqlite ? "sqlite" : "postgres";
            await output.WriteLineAsync($"renkei bench switching: {applications:N0} switch-ins, {clients} clients, {name}, {Environment.ProcessorCount} cores").ConfigureAwait(false);
            var seedWatch = Stopwatch.StartNew();
            var warmupLimit = warmup == 0 ? clients : Math.Max(warmup * MaxWarmupFactor, clients);
            await SeedAsync(database, applications + warmupLimit, clients, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"seeded {applications + warmupLimit:N0} supply points and {clients + 1} retailers in {seedWatch.Elapsed.TotalSeconds:F1} s").ConfigureAwait(false);

            // The bench calls as the gateway does, with a caller proof on every request.
            using var gatewayKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var callers = new Hosting.InternalAuth.InternalCallerTrust
            {
                Audience = SwitchingHostOptions.Audience,
                Callers = [new Hosting.InternalAuth.InternalCaller("gateway", Hosting.InternalAuth.InternalCallerKey.PublicOnly(gatewayKey), [new Hosting.InternalAuth.InternalRoute(null, "/internal/v1/")])],
            };
            var app = SwitchingHost.Build(
                new SwitchingHostOptions { DataDirectory = dataDirectory, Port = 0, Database = database, RunDeadlineSweeper = false, Callers = callers },
                l => l.ClearProviders());
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                var baseAddress = new Uri(app.Urls.First() + "/");
                using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
                var signer = new Hosting.InternalAuth.InternalCallerSigner(gatewayKey, "gateway", TimeProvider.System);
                using var signing = new Hosting.InternalAuth.InternalCallerHandler(signer, SwitchingHostOptions.Audience) { InnerHandler = handler };
                using var http = new HttpClient(signing, disposeHandler: false) { BaseAddress = baseAddress };

                // Warm-up, not counted: the JIT's tiered compilation, the pools and the query caches reach their steady state.
                // Tiering (tier 0, then instrumented, then optimized code) runs on one background thread, which on a
                // busy machine can still be recompiling hot methods after a fixed warm-up, leaving them in tier-0 code
                // and the JIT's CPU in the figures. So the warm-up goes on in rounds while a round still compiles methods.
                var warmed = Math.Max(warmup, clients);
                await SendAllAsync(http, warmed, clients, offset: applications, cancellationToken).ConfigureAwait(false);
                while (warmup > 0 && warmed + WarmupRound <= warmupLimit)
                {
                    var compiledBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
                    await SendAllAsync(http, WarmupRound, clients, offset: applications + warmed, cancellationToken).ConfigureAwait(false);
                    warmed += WarmupRound;
                    if (System.Runtime.JitInfo.GetCompiledMethodCount() - compiledBefore < QuietRoundMethods)
                    {
                        break;
                    }
                }

                await output.WriteLineAsync($"warmed up with {warmed:N0} switch-ins ({System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods compiled so far)").ConfigureAwait(false);
                var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
                var jitTime = System.Runtime.JitInfo.GetCompilationTime();

                var cpu = new ProcessCpu();
                var pgServer = provider == SwitchingDatabaseProvider.Postgres ? server : null;
                var pgDatabase = provider == SwitchingDatabaseProvider.Postgres ? scratchName : null;
                await cpu.StartAsync(pgServer, pgDatabase, cancellationToken).ConfigureAwait(false);
                var allocated = GC.GetTotalAllocatedBytes();
                var watch = Stopwatch.StartNew();
                var (latencies, accepted) = await SendAllAsync(http, applications, clients, offset: 0, cancellationToken).ConfigureAwait(false);
                var elapsed = watch.Elapsed;
                await cpu.StopAsync(pgServer, pgDatabase, cancellationToken).ConfigureAwait(false);
                jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jitMethods;
                jitTime = System.Runtime.JitInfo.GetCompilationTime() - jitTime;
                var load = LoadAverage();
                var allocatedPerApplication = (GC.GetTotalAllocatedBytes() - allocated) / applications;
                await app.StopAsync(cancellationToken).ConfigureAwait(false);

                Array.Sort(latencies);
                var result = new SwitchingBenchResult(
                    "switching",
                    name,
                    clients,
                    applications,
                    accepted,
                    Math.Round(elapsed.TotalSeconds, 3),
                    Math.Round(applications / elapsed.TotalSeconds, 1),
                    Percentile(latencies, 0.50),
                    Percentile(latencies, 0.95),
                    Percentile(latencies, 0.99),
                    Math.Round(cpu.OwnSeconds * 1000 / applications, 2),
                    Math.Round(cpu.ServerSeconds * 1000 / applications, 2),
                    Math.Round((cpu.OwnSeconds + cpu.ServerSeconds) * 1000 / applications, 2),
                    Math.Round(allocatedPerApplication / 1024.0, 1),
                    load,
                    Environment.ProcessorCount,
                    warmed,
                    jitMethods,
                    Math.Round(jitTime.TotalMilliseconds, 1));
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync("| database | clients | applications | accepted | seconds | applications/s | p50 ms | p95 ms | p99 ms | CPU ms/application (bench process + database server) | allocated kB/application | load average |").ConfigureAwait(false);
                await output.WriteLineAsync("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |").ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {name} | {clients} | {applications} | {accepted} | {result.Seconds:F2} | {result.ApplicationsPerS:F0} | {result.P50Ms:F1} | {result.P95Ms:F1} | {result.P99Ms:F1} | {result.CpuMsPerApplication:F2} ({result.ProcessCpuMsPerApplication:F2} + {result.ServerCpuMsPerApplication:F2}) | {result.AllocatedKbPerApplication:F0} | {result.LoadAverage:F2} |")).ConfigureAwait(false);
                await output.WriteLineAsync($"JIT during the measured part: {result.JitMethodsMeasured:N0} methods compiled, {result.JitMsMeasured:F0} ms").ConfigureAwait(false);
                await output.WriteLineAsync(JsonSerializer.Serialize(result, SwitchingBenchResult.JsonOptions)).ConfigureAwait(false);
                return result;
            }
        }
        finally
        {
            if (provider == SwitchingDatabaseProvider.Postgres)
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteOnServerAsync(server!, $"DROP DATABASE IF EXISTS {scratchName}", CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }

            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// <c>--bulk</c>: the node on the chosen database, a warm-up file, then one file of <paramref name="rows"/>
    /// switch-ins (each a point of the incumbent's, so every row is accepted) from one retailer; the time from the
    /// upload to the result file, and the CPU per row.
    /// </summary>
    public static async Task<SwitchingBulkBenchResult> RunBulkAsync(
        SwitchingDatabaseProvider provider, string? server, int rows, int warmup, string dataDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var scratchName = "renkei_bench_" + Guid.NewGuid().ToString("N")[..12];
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        Directory.CreateDirectory(dataDirectory);
        var database = provider == SwitchingDatabaseProvider.Postgres
            ? SwitchingDatabase.Postgres(new NpgsqlConnectionStringBuilder(server) { Database = scratchName, MaxPoolSize = 64 }.ConnectionString)
            : SwitchingDatabase.SqliteFile(Path.Combine(dataDirectory, "switching.db"));
        if (provider == SwitchingDatabaseProvider.Postgres)
        {
            await ExecuteOnServerAsync(server!, $"CREATE DATABASE {scratchName}", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var name = provider == SwitchingDatabaseProvider.Sqlite ? "sqlite" : "postgres";
            await output.WriteLineAsync($"renkei bench switching --bulk: one file of {rows:N0} switch-ins after a warm-up file of {warmup:N0}, {name}, {Environment.ProcessorCount} cores").ConfigureAwait(false);
            await SeedAsync(database, rows + warmup, 1, cancellationToken).ConfigureAwait(false);
            using var gatewayKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
            var callers = new Hosting.InternalAuth.InternalCallerTrust
            {
                Audience = SwitchingHostOptions.Audience,
                Callers = [new Hosting.InternalAuth.InternalCaller("gateway", Hosting.InternalAuth.InternalCallerKey.PublicOnly(gatewayKey), [new Hosting.InternalAuth.InternalRoute(null, "/internal/v1/")])],
            };
            var app = SwitchingHost.Build(
                new SwitchingHostOptions { DataDirectory = dataDirectory, Port = 0, Database = database, RunDeadlineSweeper = false, Callers = callers },
                l => l.ClearProviders());
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                using var handler = new SocketsHttpHandler();
                var signer = new Hosting.InternalAuth.InternalCallerSigner(gatewayKey, "gateway", TimeProvider.System);
                using var signing = new Hosting.InternalAuth.InternalCallerHandler(signer, SwitchingHostOptions.Audience) { InnerHandler = handler };
                using var http = new HttpClient(signing, disposeHandler: false) { BaseAddress = new Uri(app.Urls.First() + "/"), Timeout = TimeSpan.FromMinutes(10) };
                if (warmup > 0)
                {
                    await UploadAsync(http, rows, warmup, "bench-bulk-warmup", cancellationToken).ConfigureAwait(false);
                }

                var cpu = new ProcessCpu();
                var pgServer = provider == SwitchingDatabaseProvider.Postgres ? server : null;
                var pgDatabase = provider == SwitchingDatabaseProvider.Postgres ? scratchName : null;
                await cpu.StartAsync(pgServer, pgDatabase, cancellationToken).ConfigureAwait(false);
                var watch = Stopwatch.StartNew();
                var accepted = await UploadAsync(http, 0, rows, "bench-bulk", cancellationToken).ConfigureAwait(false);
                var elapsed = watch.Elapsed;
                await cpu.StopAsync(pgServer, pgDatabase, cancellationToken).ConfigureAwait(false);
                var load = LoadAverage();
                await app.StopAsync(cancellationToken).ConfigureAwait(false);
                var result = new SwitchingBulkBenchResult(
                    "switching-bulk",
                    name,
                    rows,
                    accepted,
                    Math.Round(elapsed.TotalSeconds, 3),
                    Math.Round(rows / elapsed.TotalSeconds, 1),
                    Math.Round((cpu.OwnSeconds + cpu.ServerSeconds) * 1000 / rows, 2),
                    load,
                    Environment.ProcessorCount,
                    warmup);
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {name} | {rows} rows | {accepted} accepted | {result.Seconds:F2} s | {result.RowsPerS:F0} rows/s | {result.CpuMsPerRow:F2} CPU ms/row | load average {load:F2} |")).ConfigureAwait(false);
                await output.WriteLineAsync(JsonSerializer.Serialize(result, SwitchingBenchResult.JsonOptions)).ConfigureAwait(false);
                return result;
            }
        }
        finally
        {
            if (provider == SwitchingDatabaseProvider.Postgres)
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteOnServerAsync(server!, $"DROP DATABASE IF EXISTS {scratchName}", CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }

            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>Uploads one file of the switch-ins of points <paramref name="offset"/> … as the first bench retailer; the rows accepted.</summary>
    private static async Task<int> UploadAsync(HttpClient http, int offset, int rows, string key, CancellationToken cancellationToken)
    {
        var file = new System.Text.StringBuilder("supply_point_id\n");
        for (var i = 0; i < rows; i++)
        {
            file.Append(PointId(offset + i)).Append('\n');
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "internal/v1/bulk/switch-ins") { Content = new StringContent(file.ToString(), System.Text.Encoding.UTF8, "text/csv") };
        request.Headers.Add(ApplicationsApi.RetailerHeader, ClientRetailer(0));
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"the bulk file answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        }

        return text.Split('\n').Count(l => l.Contains($",{BulkResultFile.Ok},", StringComparison.Ordinal));
    }

    private static string PointId(int i) => string.Create(CultureInfo.InvariantCulture, $"03{i:D20}");

    private static string ClientRetailer(int client) => string.Create(CultureInfo.InvariantCulture, $"B{client:D4}");

    private static async Task SeedAsync(SwitchingDatabase database, int points, int clients, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        await SwitchingHost.MigrateAsync(db, cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Retailers.Add(new Retailer { Code = Incumbent, Name = "Incumbent" });
        for (var c = 0; c < clients; c++)
        {
            db.Retailers.Add(new Retailer { Code = ClientRetailer(c), Name = "Bench retailer " + c.ToString(CultureInfo.InvariantCulture) });
        }

        for (var i = 0; i < points; i++)
        {
            var id = PointId(i);
            db.SupplyPoints.Add(new SupplyPoint { Id = id, Area = 3, Address = "東京都千代田区丸の内" + i.ToString(CultureInfo.InvariantCulture), ReadingDay = 1 + (i % 28) });
            db.WheelingContracts.Add(new WheelingContract { SupplyPointId = id, RetailerCode = Incumbent, StartDate = new DateOnly(2016, 4, 1), ChangeSeq = i + 1 });
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Client c sends the switch-ins of points offset + c, offset + c + clients, ...; returns each latency in ms.</summary>
    private static async Task<(double[] Latencies, int Accepted)> SendAllAsync(HttpClient http, int count, int clients, int offset, CancellationToken cancellationToken)
    {
        var latencies = new double[count];
        var accepted = 0;
        var tasks = new Task[clients];
        for (var c = 0; c < clients; c++)
        {
            var client = c;
            tasks[c] = Task.Run(
                async () =>
                {
                    for (var i = client; i < count; i += clients)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "internal/v1/applications/switch-in")
                        {
                            Content = JsonContent.Create(new { supplyPointId = PointId(offset + i) }),
                        };
                        request.Headers.Add(ApplicationsApi.RetailerHeader, ClientRetailer(client));
                        request.Headers.Add(ApplicationsApi.IdempotencyHeader, "bench-" + (offset + i).ToString(CultureInfo.InvariantCulture));
                        var start = Stopwatch.GetTimestamp();
                        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                        latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            Interlocked.Increment(ref accepted);
                        }
                        else
                        {
                            throw new InvalidOperationException($"switch-in {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
                        }
                    }
                },
                cancellationToken);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        return (latencies, accepted);
    }

    /// <summary>The machine's 1-minute load average at the end of the run (it is shared; 0 where /proc/loadavg is missing).</summary>
    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 2);

    private static async Task ExecuteOnServerAsync(string server, string sql, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(server);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>The bulk benchmark's result line.</summary>
internal sealed record SwitchingBulkBenchResult(
    string Bench, string Database, int Rows, int Accepted, double Seconds, double RowsPerS, double CpuMsPerRow, double LoadAverage, int Cores, int Warmup);

/// <summary>The benchmark's result line.</summary>
internal sealed record SwitchingBenchResult(
    string Bench,
    string Database,
    int Clients,
    int Applications,
    int Accepted,
    double Seconds,
    double ApplicationsPerS,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double ProcessCpuMsPerApplication,
    double ServerCpuMsPerApplication,
    double CpuMsPerApplication,
    double AllocatedKbPerApplication,
    double LoadAverage,
    int Cores,
    int Warmup,
    long JitMethodsMeasured,
    double JitMsMeasured)
{
    public static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
