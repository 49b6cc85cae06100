using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Reads;
using Renkei.Formats.Registry;
using Renkei.Gateway;
using Renkei.Gateway.Auth;
using Renkei.Gateway.Ips;
using Renkei.Hosting.Contracts;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;
using Renkei.Switching;

namespace Renkei.Bench;

/// <summary>
/// <c>renkei bench formats --points N</c>: one slot for N supply points, all held by one retailer, fetched through
/// the gateway (TLS, token, audit, YARP, caller proof) from the metering node in each format (JSON, CSV, market
/// XML), read to the end by the client. Reports values/s and bytes/s per format (best of <c>--runs</c>).
/// </summary>
internal static class FormatsBenchmark
{
    private const string Retailer = "RB001";

    public static Command Build()
    {
        var points = new Option<int>("--points") { Description = "Supply points of the retailer (one meter each)", DefaultValueFactory = _ => 1_000_000 };
        points.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000_000)
            {
                r.AddError("--points must be between 1 and 10000000");
            }
        });
        var runs = new Option<int>("--runs") { Description = "Fetches per format (the best is reported)", DefaultValueFactory = _ => 3 };
        var command = new Command("formats", "One slot for N supply points through the gateway in JSON, CSV and XML: values/s and bytes/s") { points, runs };
        command.SetAction(async (parse, cancellationToken) => await RunAsync(parse.GetValue(points), Math.Max(1, parse.GetValue(runs)), Console.Out, cancellationToken).ConfigureAwait(false));
        return command;
    }

    public static async Task<int> RunAsync(int points, int runs, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var data = Path.Combine(Path.GetTempPath(), "renkei-bench-formats-" + Guid.NewGuid().ToString("N"));
        var apps = new List<Microsoft.AspNetCore.Builder.WebApplication>();
        using var gatewayKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var day = new DateOnly(2026, 4, 1);
        await output.WriteLineAsync($"renkei bench formats: one slot, {points:N0} supply points, {runs} fetches per format, {Environment.ProcessorCount} cores (client in the same process)").ConfigureAwait(false);
        try
        {
            var watch = Stopwatch.StartNew();
            static void Quiet(ILoggingBuilder l) => l.ClearProviders();

            // Switching only so the gateway has a contract feed to follow (empty: the bulk routes need none).
            var switching = SwitchingHost.Build(
                new SwitchingHostOptions
                {
                    DataDirectory = Path.Combine(data, "switching"),
                    RunDeadlineSweeper = false,
                    Callers = new InternalCallerTrust
                    {
                        Audience = SwitchingHostOptions.Audience,
                        Callers = [new InternalCaller("gateway", InternalCallerKey.PublicOnly(gatewayKey), [new InternalRoute("GET", "/internal/v1/wheeling-contracts/changes")])],
                    },
                },
                Quiet);
            apps.Add(switching);
            await SwitchingHost.EnsureDatabaseAsync(switching.Services, cancellationToken).ConfigureAwait(false);
            await switching.StartAsync(cancellationToken).ConfigureAwait(false);

            // Metering: N meters, slot 1 of the day read at both ends and published; the retailer holds every point.
            var registry = new MeterRegistry();
            var installed = Jst.StartOfDay(day.AddDays(-1));
            var contracts = new ContractReadModel();
            contracts.Apply(Holdings(points), points);
            for (var i = 0; i < points; i++)
            {
                registry.Add(new MeterInstallation(SupplyPointId.Parse(PointId(i)), string.Create(CultureInfo.InvariantCulture, $"M{i:D8}"), Multiplier.One, 6, installed, Kwh.Zero, Kwh.FromDecimal(50m), false));
            }

            var metering = MeteringHost.Build(
                new MeteringHostOptions
                {
                    DataDirectory = Path.Combine(data, "metering"),
                    FirstSlotToClose = new Slot(day.AddDays(365), 1),
                    Engine = new IntervalEngineOptions { WindowDays = 1 },
                    Contracts = contracts,
                    Callers = new InternalCallerTrust
                    {
                        Audience = MeteringHostOptions.Audience,
                        Callers = [new InternalCaller("gateway", InternalCallerKey.PublicOnly(gatewayKey), [new InternalRoute("GET", "/internal/v1/retailer/")])],
                    },
                },
                registry,
                new ManualClock(Jst.StartOfDay(day).AddHours(1)),
                Quiet);
            apps.Add(metering);
            var engine = metering.Services.GetRequiredService<IntervalEngine>();
            var reads = new MeterRead[points * 2];
            for (var i = 0; i < points; i++)
            {
                reads[2 * i] = new MeterRead(1, i, Jst.StartOfDay(day).UtcTicks, 10_000 + (i % 997), Direction.Import);
                reads[(2 * i) + 1] = new MeterRead(1, i, Jst.StartOfDay(day).AddMinutes(30).UtcTicks, 10_000 + (i % 997) + 1234 + (i % 5000), Direction.Import);
            }

            engine.Ingest(reads, [], judgeClock: false);
            engine.CloseSlot(new Slot(day, 1));
            await metering.StartAsync(cancellationToken).ConfigureAwait(false);

            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
            var gateway = await GatewayHost.BuildAsync(
                new GatewayHostOptions
                {
                    DataDirectory = Path.Combine(data, "gateway"),
                    MeteringUrl = new Uri(metering.Urls.First() + "/"),
                    SwitchingUrl = new Uri(switching.Urls.First() + "/"),
                    CallerKey = gatewayKey,
                    Limits = new GatewayLimits { RequestsPerClient = int.MaxValue, RequestsPerAddress = int.MaxValue },
                    Clients = [new RetailerClient("bench-system", secret, Retailer, "bench")],
                },
                Quiet,
                cancellationToken).ConfigureAwait(false);
            apps.Add(gateway);
            await gateway.StartAsync(cancellationToken).ConfigureAwait(false);
            var gatewayUrl = new Uri(gateway.Urls.First() + "/");
            await output.WriteLineAsync($"set up {points:N0} points in {watch.Elapsed.TotalSeconds:F1} s").ConfigureAwait(false);

            using var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(data, "gateway", "tls.crt"));
            var pinned = certificate.GetCertHashString();
            using var http = new HttpClient(new SocketsHttpHandler
            {
                SslOptions = new System.Net.Security.SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && c.GetCertHashString() == pinned,
                },
            })
            {
                BaseAddress = gatewayUrl,
                Timeout = TimeSpan.FromMinutes(30),
            };
            var token = await TokenAsync(http, secret, cancellationToken).ConfigureAwait(false);

            var results = new Dictionary<string, object?>();
            var buffer = new byte[64 * 1024];
            foreach (var (name, accept) in new[] { ("json", "application/json"), ("csv", "text/csv"), ("xml", "application/xml") })
            {
                var best = double.MaxValue;
                long bytes = 0;
                for (var run = 0; run < runs; run++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("api/v1/intervals?date=2026-04-01&slot=1", UriKind.Relative));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.Accept.ParseAdd(accept);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (body.ConfigureAwait(false))
                    {
                        long total = 0;
                        int n;
                        while ((n = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            total += n;
                        }

                        bytes = total;
                    }

                    best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
                }

                var valuesPerSecond = points / best;
                var bytesPerSecond = bytes / best;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name,-5} {best,8:F3} s  {valuesPerSecond,12:N0} values/s  {bytesPerSecond / 1e6,8:F1} MB/s  ({bytes:N0} bytes)")).ConfigureAwait(false);
                results[name + "_seconds"] = Math.Round(best, 4);
                results[name + "_values_per_s"] = Math.Round(valuesPerSecond);
                results[name + "_bytes_per_s"] = Math.Round(bytesPerSecond);
                results[name + "_bytes"] = bytes;
            }

            results["points"] = points;
            results["runs"] = runs;
            results["cores"] = Environment.ProcessorCount;
            results["peak_working_set_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0);
            await output.WriteLineAsync(JsonSerializer.Serialize(results)).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            for (var i = apps.Count - 1; i >= 0; i--)
            {
                await apps[i].StopAsync(CancellationToken.None).ConfigureAwait(false);
                await apps[i].DisposeAsync().ConfigureAwait(false);
            }

            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string PointId(int i) => string.Create(CultureInfo.InvariantCulture, $"03{i:D20}");

    private static IEnumerable<ContractFeedItem> Holdings(int points)
    {
        for (var i = 0; i < points; i++)
        {
            yield return new ContractFeedItem(i + 1, i + 1, PointId(i), Retailer, new DateOnly(2016, 4, 1), null);
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, string secret, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "bench-system",
            ["client_secret"] = secret,
        });
        using var response = await http.PostAsync(new Uri("connect/token", UriKind.Relative), form, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return json.RootElement.GetProperty("access_token").GetString()!;
    }
}
