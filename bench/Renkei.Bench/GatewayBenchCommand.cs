using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Tls;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Bench;

/// <summary>
/// <c>renkei bench gateway</c>: the authenticated single-supply-point-day GET through the gateway (TLS, token
/// validation, revocation and certificate checks, rate limiter, access decision, audit log, YARP, the internal
/// caller proof, the metering API) with N keep-alive connections; then the same GET through nginx (TLS, proxy to
/// the same metering API, no authentication) as the baseline. The demo composition provides the system. The load
/// comes from wrk in its own process (the in-process generator only when wrk is missing), and each target's server
/// CPU time per request is measured alongside, as wall figures on a shared machine are noisy.
/// </summary>
internal static class GatewayBenchCommand
{
    public static Command Build(StartDemoComposition startDemo)
    {
        var connections = new Option<int>("--connections") { Description = "Keep-alive connections", DefaultValueFactory = _ => 64 };
        var duration = new Option<int>("--duration") { Description = "Measured seconds per target", DefaultValueFactory = _ => 15 };
        var warmup = new Option<int>("--warmup") { Description = "Minimum warm-up seconds per target", DefaultValueFactory = _ => 3 };
        var maxWarmup = new Option<int>("--max-warmup") { Description = "Warm-up goes on in 3 s rounds while the JIT is still compiling, up to this many seconds", DefaultValueFactory = _ => 120 };
        var meters = new Option<int>("--meters") { Description = "Simulated meters behind the gateway", DefaultValueFactory = _ => 1_000 };
        var noNginx = new Option<bool>("--no-nginx") { Description = "Skip the nginx baseline" };
        var gen0 = new Option<int>("--gen0-budget-mib")
        {
            Description = "The GC's gen0 budget for the measured process, in MiB (DOTNET_GCgen0size; the bench runs itself again with it set). 0 keeps the runtime's own, which on a host that hides its CPU cache size is tiny",
            DefaultValueFactory = _ => 64,
        };
        gen0.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 1024)
            {
                result.AddError("--gen0-budget-mib must be between 0 and 1024");
            }
        });
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds, alternating gateway and nginx; the figures are the medians", DefaultValueFactory = _ => 5 };
        var command = new Command("gateway", "Requests/s, p50 and p99 of the authenticated intervals GET through the gateway, and the nginx baseline")
        {
            connections, duration, warmup, maxWarmup, meters, noNginx, rounds, gen0,
        };
        rounds.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 20)
            {
                result.AddError("--rounds must be between 1 and 20");
            }
        });
        command.SetAction(async (parse, cancellationToken) => await GcBudget.RunWithAsync(parse.GetValue(gen0), cancellationToken) ?? await RunAsync(
            parse.GetValue(connections),
            TimeSpan.FromSeconds(parse.GetValue(duration)),
            new Warmup(TimeSpan.FromSeconds(parse.GetValue(warmup)), TimeSpan.FromSeconds(Math.Max(parse.GetValue(warmup), parse.GetValue(maxWarmup)))),
            parse.GetValue(meters),
            !parse.GetValue(noNginx),
            parse.GetValue(rounds),
            startDemo,
            cancellationToken));
        return command;
    }

    /// <summary>At least <paramref name="Minimum"/>, then more rounds while the JIT is busy, up to <paramref name="Maximum"/>.</summary>
    private sealed record Warmup(TimeSpan Minimum, TimeSpan Maximum);

    private static async Task<int> RunAsync(int connections, TimeSpan duration, Warmup warmup, int meters, bool withNginx, int rounds, StartDemoComposition startDemo, CancellationToken cancellationToken)
    {
        // nginx reaches metering with one caller proof made at its start, which lives at most 10 minutes.
        if (withNginx && warmup.Maximum + (2 * rounds * duration) > InternalCallerToken.MaxLifetime - TimeSpan.FromMinutes(1))
        {
            Console.Error.WriteLine($"--max-warmup + 2 x --rounds x --duration must stay under {(InternalCallerToken.MaxLifetime - TimeSpan.FromMinutes(1)).TotalSeconds:F0} s with the nginx baseline (its caller proof lives {InternalCallerToken.MaxLifetime.TotalMinutes:F0} minutes); it is {(warmup.Maximum + (2 * rounds * duration)).TotalSeconds:F0} s");
            return 2;
        }

        var data = Path.Combine(Path.GetTempPath(), "renkei-bench-gateway-" + Guid.NewGuid().ToString("N"));
        var wrk = EnsureDebianPackage(WrkLoad.Binary, "wrk");
        var generator = wrk ? $"wrk (its own process, {Math.Min(Environment.ProcessorCount, connections)} threads)" : "in-process HttpClient (wrk missing: install it with apt-get install -y wrk)";
        Console.WriteLine($"renkei bench gateway: {connections} keep-alive connections, {warmup.Minimum.TotalSeconds:F0}-{warmup.Maximum.TotalSeconds:F0} s warm-up (until the JIT is quiet), then {rounds} rounds of {duration.TotalSeconds:F0} s per target alternating, {Environment.ProcessorCount} cores, load generator: {generator}");
        try
        {
            // Rate limits are lifted: with them in force the figure would be the configured limit, not the
            // gateway's capacity. Everything else (lockout, audit, checks) runs as in production.
            await using var demo = await startDemo(
                data,
                meters,
                new GatewayLimits { RequestsPerClient = int.MaxValue, RequestsPerAddress = int.MaxValue },
                cancellationToken);
            var retailer = demo.Retailer;
            var point = retailer.SupplyPoint;
            var date = demo.Yesterday;
            var certificate = X509CertificateLoader.LoadCertificateFromFile(demo.CaCertificate);
            var token = await TokenAsync(demo.GatewayUrl, certificate, retailer.ClientId, retailer.ClientSecret, cancellationToken);
            var gatewayUrl = new Uri(demo.GatewayUrl, $"api/v1/supply-points/{point}/intervals?date={date}");

            // Server CPU: this process (gateway, metering, switching; with the in-process generator, it too).
            var gatewayTarget = new Target("gateway", gatewayUrl, token, ProcessCpuSeconds);
            var gatewayWarmup = await WarmAsync(wrk, gatewayTarget, certificate, connections, warmup).ConfigureAwait(false);

            // What the composition burns with no request at all, once warm (switching's deadline sweeper and TSO
            // order dispatcher, the contract feed followers, the webhook dispatcher, the fleet feeder): part of every
            // CPU per request figure, the gateway's and nginx's alike, so it is printed on its own.
            var idleCpu = ProcessCpuSeconds();
            var idleWatch = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            var idleCpuMsPerSecond = (ProcessCpuSeconds() - idleCpu) * 1000 / idleWatch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"idle       this process uses {idleCpuMsPerSecond:F1} ms CPU per second with no requests (background work of the demo composition)"));

            await using var nginx = withNginx ? await NginxBaseline.StartAsync(demo, point, date) : null;
            double nginxWarmup = 0;
            if (nginx is not null)
            {
                nginxWarmup = await WarmAsync(wrk, nginx.Target, certificate, connections, warmup).ConfigureAwait(false);
            }

            // The measured rounds alternate gateway and nginx, so that a change in the machine's speed during the run
            // (other tenants of the VM, frequency) falls on both alike; each round's ratio pairs two runs next to each
            // other in time, and the figures reported are the medians over the rounds.
            var gatewayRounds = new List<Measured>();
            var nginxRounds = new List<Measured>();
            for (var round = 1; round <= rounds; round++)
            {
                var g = await MeasureAsync(wrk, gatewayTarget, certificate, connections, duration, gatewayWarmup).ConfigureAwait(false);
                if (g is null)
                {
                    return 1;
                }

                gatewayRounds.Add(g);
                Print($"gateway {round}/{rounds}", g);
                if (nginx is not null && await MeasureAsync(wrk, nginx.Target, certificate, connections, duration, nginxWarmup).ConfigureAwait(false) is { } n)
                {
                    nginxRounds.Add(n);
                    Print($"nginx   {round}/{rounds}", n);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio   {round}/{rounds}  {g.Load.RequestsPerSecond / n.Load.RequestsPerSecond:F2}"));
                }
            }

            var gateway = Median(gatewayRounds);
            var nginxMedian = nginxRounds.Count > 0 ? Median(nginxRounds) : null;
            var ratios = nginxRounds.Count == gatewayRounds.Count
                ? gatewayRounds.Zip(nginxRounds, (g, n) => g.Load.RequestsPerSecond / n.Load.RequestsPerSecond).ToList()
                : [];
            var ratio = ratios.Count > 0 ? MedianOf(ratios) : (double?)null;
            var p99Worst = gatewayRounds.Max(m => m.Load.P99Ms);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median over {rounds} rounds: gateway {gateway.Load.RequestsPerSecond:F0} requests/s, p99 {gateway.Load.P99Ms:F2} ms (worst round {p99Worst:F2} ms){(nginxMedian is null ? string.Empty : $", nginx {nginxMedian.Load.RequestsPerSecond:F0} requests/s")}"));
            if (ratio is { } r)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio gateway/nginx: {r:F2} (median of the rounds' ratios {string.Join(", ", ratios.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))})"));
            }

            var errors = gatewayRounds.Sum(m => m.Load.Errors);
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["requests_per_s"] = Math.Round(gateway.Load.RequestsPerSecond, 1),
                ["p50_ms"] = Math.Round(gateway.Load.P50Ms, 3),
                ["p99_ms"] = Math.Round(gateway.Load.P99Ms, 3),
                ["p99_worst_round_ms"] = Math.Round(p99Worst, 3),
                ["errors"] = errors,
                ["cpu_us_per_request"] = Round(gateway.Load.ServerCpuUsPerRequest),
                ["idle_cpu_ms_per_s"] = Math.Round(idleCpuMsPerSecond, 1),
                ["alloc_bytes_per_request"] = PerRequest(gateway.Runtime.AllocatedBytes, gateway.Load),
                ["jit_ms"] = Math.Round(gatewayRounds.Sum(m => m.Runtime.JitMs), 1),
                ["gc_pause_ms"] = Math.Round(gateway.Runtime.GcPauseMs, 1),
                ["gc_collections"] = $"{gateway.Runtime.Gen0}/{gateway.Runtime.Gen1}/{gateway.Runtime.Gen2}",
                ["warmup_s"] = Math.Round(gatewayWarmup, 1),
                ["nginx_requests_per_s"] = nginxMedian is null ? null : Math.Round(nginxMedian.Load.RequestsPerSecond, 1),
                ["nginx_p50_ms"] = nginxMedian is null ? null : Math.Round(nginxMedian.Load.P50Ms, 3),
                ["nginx_p99_ms"] = nginxMedian is null ? null : Math.Round(nginxMedian.Load.P99Ms, 3),
                ["nginx_cpu_us_per_request"] = Round(nginxMedian?.Load.ServerCpuUsPerRequest),
                ["nginx_metering_alloc_bytes_per_request"] = nginxMedian is null ? null : PerRequest(nginxMedian.Runtime.AllocatedBytes, nginxMedian.Load),
                ["ratio"] = ratio is null ? null : Math.Round(ratio.Value, 3),
                ["round_requests_per_s"] = gatewayRounds.Select(m => Math.Round(m.Load.RequestsPerSecond, 1)).ToArray(),
                ["round_nginx_requests_per_s"] = nginxRounds.Select(m => Math.Round(m.Load.RequestsPerSecond, 1)).ToArray(),
                ["round_ratios"] = ratios.Select(x => Math.Round(x, 3)).ToArray(),
                ["rounds"] = rounds,
                ["gc_gen0_budget"] = GcBudget.InForce ?? "runtime default",
                ["generator"] = wrk ? "wrk" : "in-process",
                ["load_average"] = LoadAverage(),
                ["connections"] = connections,
                ["duration_s"] = duration.TotalSeconds,
                ["cores"] = Environment.ProcessorCount,
            }));
            return errors == 0 ? 0 : 1;
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;

    private static double? PerRequest(long total, HttpLoad.Result load) => load.Requests > 0 ? Math.Round((double)total / load.Requests, 0) : null;

    /// <summary>
    /// What the runtime of this process did during a measured run: JIT time, bytes allocated, GC pauses and
    /// collections. For the gateway they are the gateway's, metering's and switching's; behind nginx, metering's.
    /// </summary>
    private sealed record RuntimeDuring(double WarmupSeconds, double JitMs, long AllocatedBytes, double GcPauseMs, int Gen0, int Gen1, int Gen2)
    {
        public static RuntimeDuring Now(double warmupSeconds) => new(
            warmupSeconds,
            System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,
            GC.GetTotalAllocatedBytes(precise: false),
            GC.GetTotalPauseDuration().TotalMilliseconds,
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2));

        public RuntimeDuring Since(RuntimeDuring before) => new(
            before.WarmupSeconds,
            JitMs - before.JitMs,
            AllocatedBytes - before.AllocatedBytes,
            GcPauseMs - before.GcPauseMs,
            Gen0 - before.Gen0,
            Gen1 - before.Gen1,
            Gen2 - before.Gen2);
    }

    /// <summary>A load target: its URL, the bearer token it needs, and the cumulative CPU seconds of its server side.</summary>
    private sealed record Target(string Name, Uri Url, string? Bearer, Func<double> ServerCpu);

    /// <summary>One measured run and what the runtime of this process did during it.</summary>
    private sealed record Measured(HttpLoad.Result Load, RuntimeDuring Runtime);

    private static Measured Median(List<Measured> runs) => runs.OrderBy(m => m.Load.RequestsPerSecond).ElementAt((runs.Count - 1) / 2);

    private static double MedianOf(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// The warm-up: it lasts at least its minimum and goes on in 3 s rounds while the JIT spent more than 1 % of the
    /// last round compiling (tiered compilation recompiles the hot methods optimised, with profile-guided
    /// instrumentation in between; on a loaded 2-core machine that took 45 to 110 s), up to its maximum: the figures
    /// are the steady state of a long-running gateway, not its first minute. Returns the seconds it took.
    /// </summary>
    private static async Task<double> WarmAsync(bool wrk, Target target, X509Certificate2 certificate, int connections, Warmup warmup)
    {
        var warming = Stopwatch.StartNew();
        var round = TimeSpan.FromSeconds(3);
        var quiet = false;
        while (!quiet && warming.Elapsed < warmup.Maximum)
        {
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var roundWatch = Stopwatch.StartNew();
            var length = warming.Elapsed < warmup.Minimum ? warmup.Minimum - warming.Elapsed : round;
            _ = await LoadOnceAsync(wrk, target.Url, target.Bearer, certificate, connections, length, serverCpu: null).ConfigureAwait(false);
            var jit = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
            quiet = warming.Elapsed >= warmup.Minimum && jit < roundWatch.Elapsed * 0.01;
        }

        if (!quiet)
        {
            Console.WriteLine($"warning    {target.Name}: the JIT was still compiling when the warm-up reached its maximum ({warmup.Maximum.TotalSeconds:F0} s): the measured runs include it (see their JIT time)");
        }

        return warming.Elapsed.TotalSeconds;
    }

    /// <summary>One measured run of <paramref name="target"/>; null when the load generator failed.</summary>
    private static async Task<Measured?> MeasureAsync(bool wrk, Target target, X509Certificate2 certificate, int connections, TimeSpan duration, double warmupSeconds)
    {
        var before = RuntimeDuring.Now(warmupSeconds);
        var load = await LoadOnceAsync(wrk, target.Url, target.Bearer, certificate, connections, duration, target.ServerCpu).ConfigureAwait(false);
        return load is null ? null : new Measured(load, RuntimeDuring.Now(0).Since(before));
    }

    /// <summary>One run of wrk in its own process when present, else of the in-process generator (whose CPU then counts as the server's).</summary>
    private static async Task<HttpLoad.Result?> LoadOnceAsync(bool wrk, Uri url, string? bearer, X509Certificate2 certificate, int connections, TimeSpan duration, Func<double>? serverCpu) =>
        wrk
            ? await WrkLoad.RunAsync(url, bearer, connections, Environment.ProcessorCount, TimeSpan.Zero, duration, serverCpu).ConfigureAwait(false)
            : await HttpLoad.RunAsync(url, bearer, certificate, connections, TimeSpan.Zero, duration, serverCpu).ConfigureAwait(false);

    private static double ProcessCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), as the other work on the machine is part of every figure.</summary>
    private static string LoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields[..3]);
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static void Print(string name, Measured m)
    {
        var (r, runtime, load) = (m.Load, m.Runtime, LoadAverage());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}  {r.RequestsPerSecond,10:F0} requests/s   p50 {r.P50Ms,7:F2} ms   p99 {r.P99Ms,7:F2} ms   server CPU {r.ServerCpuUsPerRequest,6:F0} us/request   ({r.Requests:N0} requests, {r.Errors} errors, {r.Seconds:F1} s after {runtime.WarmupSeconds:F0} s warm-up; this process: {PerRequest(runtime.AllocatedBytes, r):F0} B allocated/request, JIT {runtime.JitMs:F0} ms, GC pauses {runtime.GcPauseMs:F0} ms, collections {runtime.Gen0}/{runtime.Gen1}/{runtime.Gen2}; load average {load})"));
    }

    private static async Task<string> TokenAsync(Uri gateway, X509Certificate2 trusted, string clientId, string secret, CancellationToken cancellationToken)
    {
        var pinned = trusted.GetCertHashString();
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetCertHashString() == pinned,
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = gateway };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        });
        using var response = await http.PostAsync(new Uri("connect/token", UriKind.Relative), form, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>
    /// nginx from Debian (installed with apt-get when missing and running as root) proxying the internal endpoint over
    /// TLS, without authentication; it runs from <see cref="StartAsync"/> until disposed, across the measured rounds.
    /// </summary>
    private sealed class NginxBaseline : IAsyncDisposable
    {
        private readonly Process process;

        private NginxBaseline(Process process, Target target)
        {
            this.process = process;
            Target = target;
        }

        public Target Target { get; }

        /// <summary>The running baseline, or null (with the reason printed) when nginx is missing or does not start.</summary>
        public static async Task<NginxBaseline?> StartAsync(IDemoComposition demo, string point, string date)
        {
            var binary = EnsureDebianPackage("/usr/sbin/nginx", "nginx-light") ? "/usr/sbin/nginx" : null;
            if (binary is null)
            {
                Console.WriteLine("nginx    not available (install it with: apt-get install -y nginx-light); baseline skipped");
                return null;
            }

            var dir = Path.Combine(demo.DataDirectory, "nginx");
            Directory.CreateDirectory(dir);
            var gatewayDir = Path.Combine(demo.DataDirectory, "gateway");
            using (var pfx = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(gatewayDir, GatewayCertificate.PfxFileName), password: null, X509KeyStorageFlags.Exportable))
            {
                await File.WriteAllTextAsync(Path.Combine(dir, "tls.key"), pfx.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
            }

            // nginx stands where the gateway stands, so it needs the gateway's proof to reach metering at all.
            using var key = InternalCallerKey.LoadOrCreate(Path.Combine(gatewayDir, "internal-caller.pem"));
            var proof = InternalCallerToken.Create(key, "gateway", "metering", DateTimeOffset.UtcNow + InternalCallerToken.MaxLifetime - TimeSpan.FromSeconds(5));
            var port = FreePort();
            var metering = demo.MeteringUrl;
            var conf = Path.Combine(dir, "nginx.conf");
            await File.WriteAllTextAsync(conf, $$"""
                worker_processes auto;
                daemon off;
                pid {{dir}}/nginx.pid;
                error_log {{dir}}/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path {{dir}}/body;
                    proxy_temp_path {{dir}}/proxy;
                    fastcgi_temp_path {{dir}}/fastcgi;
                    uwsgi_temp_path {{dir}}/uwsgi;
                    scgi_temp_path {{dir}}/scgi;
                    upstream metering { server {{metering.Host}}:{{metering.Port}}; keepalive 64; }
                    server {
                        listen 127.0.0.1:{{port}} ssl;
                        ssl_certificate {{Path.Combine(gatewayDir, GatewayCertificate.PemFileName)}};
                        ssl_certificate_key {{dir}}/tls.key;
                        ssl_protocols TLSv1.2 TLSv1.3;
                        keepalive_requests 1000000;
                        location /api/v1/supply-points/ {
                            rewrite ^/api/v1/supply-points/(.*)$ /internal/v1/supply-points/$1 break;
                            proxy_pass http://metering;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header X-Renkei-Caller "{{proof}}";
                        }
                    }
                }
                """);

            var process = Process.Start(new ProcessStartInfo(binary, ["-c", conf, "-p", dir]) { RedirectStandardError = true, UseShellExecute = false })!;
            if (!await WaitForPortAsync(port, TimeSpan.FromSeconds(10)))
            {
                Console.WriteLine($"nginx    did not start: {await File.ReadAllTextAsync(Path.Combine(dir, "error.log"))}");
                await StopAsync(process);
                return null;
            }

            // Server CPU: nginx's master and workers, plus this process (the metering API behind nginx).
            var master = process.Id;
            return new NginxBaseline(
                process,
                new Target(
                    "nginx",
                    new Uri($"https://127.0.0.1:{port}/api/v1/supply-points/{point}/intervals?date={date}"),
                    null,
                    () => ProcessCpuSeconds() + ProcessTreeCpuSeconds(master)));
        }

        public ValueTask DisposeAsync() => new(StopAsync(process));

        private static async Task StopAsync(Process process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    /// <summary>Whether <paramref name="binary"/> exists, installing Debian's <paramref name="package"/> with apt-get first when it does not (Linux, as root).</summary>
    private static bool EnsureDebianPackage(string binary, string package)
    {
        if (File.Exists(binary))
        {
            return true;
        }

        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
        {
            return false;
        }

        Console.WriteLine($"{package} not found; installing it from Debian with apt-get");
        foreach (var args in new[] { "update -qq", $"install -y -qq --no-install-recommends {package}" })
        {
            var start = new ProcessStartInfo("/usr/bin/apt-get", args) { UseShellExecute = false };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var apt = Process.Start(start)!;
            apt.WaitForExit();
        }

        // nginx's install script may start the system's nginx service: stop it, the bench runs its own.
        if (package.StartsWith("nginx", StringComparison.Ordinal) && File.Exists("/run/nginx.pid") && File.Exists(binary))
        {
            using var quit = Process.Start(new ProcessStartInfo(binary, "-s quit") { UseShellExecute = false });
            quit?.WaitForExit();
        }

        return File.Exists(binary);
    }

    /// <summary>CPU seconds of process <paramref name="root"/> and its children (nginx's master and workers), from /proc.</summary>
    private static double ProcessTreeCpuSeconds(int root)
    {
        const double TicksPerSecond = 100; // USER_HZ on Linux
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // pid (comm) state ppid ... utime(14) stime(15): fields after the closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == root || parent == root)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return ticks / TicksPerSecond;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> WaitForPortAsync(int port, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }
}
