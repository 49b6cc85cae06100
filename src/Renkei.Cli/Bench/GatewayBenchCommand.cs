using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Renkei.Cli.Demo;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Tls;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Cli.Bench;

/// <summary>
/// <c>renkei bench gateway</c>: the authenticated single-supply-point-day GET through the gateway (TLS, token
/// validation, revocation and certificate checks, rate limiter, access decision, audit log, YARP, the internal
/// caller proof, the metering API) with N keep-alive connections; then the same GET through nginx (TLS, proxy to
/// the same metering API, no authentication) as the baseline. The demo composition provides the system.
/// </summary>
internal static class GatewayBenchCommand
{
    public static Command Build()
    {
        var connections = new Option<int>("--connections") { Description = "Keep-alive connections", DefaultValueFactory = _ => 64 };
        var duration = new Option<int>("--duration") { Description = "Measured seconds per target", DefaultValueFactory = _ => 15 };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up seconds per target", DefaultValueFactory = _ => 3 };
        var meters = new Option<int>("--meters") { Description = "Simulated meters behind the gateway", DefaultValueFactory = _ => 1_000 };
        var noNginx = new Option<bool>("--no-nginx") { Description = "Skip the nginx baseline" };
        var command = new Command("gateway", "Requests/s, p50 and p99 of the authenticated intervals GET through the gateway, and the nginx baseline")
        {
            connections, duration, warmup, meters, noNginx,
        };
        command.SetAction(async (parse, cancellationToken) => await RunAsync(
            parse.GetValue(connections), TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmup)),
            parse.GetValue(meters), !parse.GetValue(noNginx), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int connections, TimeSpan duration, TimeSpan warmup, int meters, bool withNginx, CancellationToken cancellationToken)
    {
        var data = Path.Combine(Path.GetTempPath(), "renkei-bench-gateway-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"renkei bench gateway: {connections} keep-alive connections, {warmup.TotalSeconds:F0} s warm-up + {duration.TotalSeconds:F0} s per target, {Environment.ProcessorCount} cores (load generator in the same process)");
        try
        {
            // Rate limits are lifted: with them in force the figure would be the configured limit, not the
            // gateway's capacity. Everything else (lockout, audit, checks) runs as in production.
            await using var demo = await DemoHost.StartAsync(
                new DemoOptions
                {
                    DataDirectory = data,
                    Meters = meters,
                    GatewayPort = 0,
                    WebPort = 0,
                    GatewayLimits = new GatewayLimits { RequestsPerClient = int.MaxValue, RequestsPerAddress = int.MaxValue },
                },
                TextWriter.Null,
                cancellationToken);
            var retailer = demo.Credentials.Retailers[0];
            var point = retailer.SuppliesToday[0];
            var date = demo.Credentials.Simulation.Yesterday;
            var certificate = X509CertificateLoader.LoadCertificateFromFile(demo.Credentials.CaCertificate);
            var token = await TokenAsync(demo.GatewayUrl, certificate, retailer.ClientId, retailer.ClientSecret, cancellationToken);
            var gatewayUrl = new Uri(demo.GatewayUrl, $"api/v1/supply-points/{point}/intervals?date={date}");

            var gateway = await HttpLoad.RunAsync(gatewayUrl, token, certificate, connections, warmup, duration);
            Print("gateway", gateway);

            HttpLoad.Result? nginx = null;
            if (withNginx)
            {
                nginx = await RunNginxAsync(demo, point, date, certificate, connections, warmup, duration);
                if (nginx is not null)
                {
                    Print("nginx  ", nginx);
                }
            }

            var ratio = nginx is { RequestsPerSecond: > 0 } ? gateway.RequestsPerSecond / nginx.RequestsPerSecond : (double?)null;
            if (ratio is { } r)
            {
                Console.WriteLine($"ratio gateway/nginx: {r:F2}");
            }

            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["requests_per_s"] = Math.Round(gateway.RequestsPerSecond, 1),
                ["p50_ms"] = Math.Round(gateway.P50Ms, 3),
                ["p99_ms"] = Math.Round(gateway.P99Ms, 3),
                ["errors"] = gateway.Errors,
                ["nginx_requests_per_s"] = nginx is null ? null : Math.Round(nginx.RequestsPerSecond, 1),
                ["nginx_p50_ms"] = nginx is null ? null : Math.Round(nginx.P50Ms, 3),
                ["nginx_p99_ms"] = nginx is null ? null : Math.Round(nginx.P99Ms, 3),
                ["ratio"] = ratio is null ? null : Math.Round(ratio.Value, 3),
                ["connections"] = connections,
                ["duration_s"] = duration.TotalSeconds,
                ["cores"] = Environment.ProcessorCount,
            }));
            return gateway.Errors == 0 ? 0 : 1;
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

    private static void Print(string name, HttpLoad.Result r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}  {r.RequestsPerSecond,10:F0} requests/s   p50 {r.P50Ms,7:F2} ms   p99 {r.P99Ms,7:F2} ms   ({r.Requests:N0} requests, {r.Errors} errors, {r.Seconds:F1} s)"));

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

    /// <summary>nginx from Debian (installed with apt-get when missing and running as root) proxying the internal endpoint over TLS, without authentication.</summary>
    private static async Task<HttpLoad.Result?> RunNginxAsync(DemoHost demo, string point, string date, X509Certificate2 certificate, int connections, TimeSpan warmup, TimeSpan duration)
    {
        var binary = EnsureNginx();
        if (binary is null)
        {
            Console.WriteLine("nginx    not available (install it with: apt-get install -y nginx-light); baseline skipped");
            return null;
        }

        var dir = Path.Combine(demo.Options.DataDirectory, "nginx");
        Directory.CreateDirectory(dir);
        var gatewayDir = Path.Combine(demo.Options.DataDirectory, "gateway");
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
        using var process = Process.Start(new ProcessStartInfo(binary, ["-c", conf, "-p", dir]) { RedirectStandardError = true, UseShellExecute = false })!;
        try
        {
            if (!await WaitForPortAsync(port, TimeSpan.FromSeconds(10)))
            {
                Console.WriteLine($"nginx    did not start: {await File.ReadAllTextAsync(Path.Combine(dir, "error.log"))}");
                return null;
            }

            return await HttpLoad.RunAsync(new Uri($"https://127.0.0.1:{port}/api/v1/supply-points/{point}/intervals?date={date}"), null, certificate, connections, warmup, duration);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static string? EnsureNginx()
    {
        foreach (var candidate in new[] { "/usr/sbin/nginx", "/usr/bin/nginx" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
        {
            return null;
        }

        Console.WriteLine("nginx    not found; installing nginx-light from Debian with apt-get");
        foreach (var args in new[] { "update -qq", "install -y -qq --no-install-recommends nginx-light" })
        {
            var start = new ProcessStartInfo("/usr/bin/apt-get", args) { UseShellExecute = false };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var apt = Process.Start(start)!;
            apt.WaitForExit();
        }

        // The package's install script may start the system's nginx service: stop it, the bench runs its own.
        if (File.Exists("/run/nginx.pid"))
        {
            using var quit = Process.Start(new ProcessStartInfo("/usr/sbin/nginx", "-s quit") { UseShellExecute = false });
            quit?.WaitForExit();
        }

        return File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : null;
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
