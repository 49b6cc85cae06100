using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Hosting.InternalAuth;
using Renkei.Hosting.Observability;
using Renkei.Hosting.Tests.Support;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Observability;

/// <summary>
/// A real metering node's operations listener: the Prometheus scrape shows the domain metrics after reads went
/// through the HES and slots were published; <c>/health/ready</c> follows the free-space threshold and the read log;
/// the internal API's listener answers none of it. The domain meters are matched by name process-wide, so these tests
/// run alone (<see cref="AloneCollection"/>): another test's node ingesting at the same time would count in the scrape.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed partial class MeteringObservabilityTests
{
    private static readonly DateOnly Day = new(2026, 4, 1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Scrape_AfterReadsAndPublication_ShowsTheDomainMetrics()
    {
        await using var node = await Node.StartAsync();
        var answer = await node.PostReadsAsync(
            "meter_id,read_at,register_kwh,direction\n" +
            $"M1,{Boundary(1)},1.0000,import\n" +
            $"M1,{Boundary(2)},2.0000,import\n" +
            $"M2,{Boundary(1)},1.0000,import\n" +
            $"NO-SUCH-METER,{Boundary(1)},1.0000,import\n");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        // The clock stands at 06:00 the next day: every slot of the day is published, all after their deadline.
        var published = node.App.Services.GetRequiredService<SlotCloser>().Release();

        var text = await node.Ops.GetStringAsync("metrics");

        Assert.Equal(3, Value(text, "renkei_metering_reads_ingested_total"));
        Assert.Equal(1, Value(text, "renkei_metering_reads_rejected_total"));
        // Up to 05:30 the next day are published (59); the two ending at 05:30 and 05:00 are still within their hour.
        Assert.Equal(59, published);
        Assert.Equal(published - 2, Value(text, "renkei_metering_slots_past_deadline_total"));
        Assert.Equal(published, Value(text, "renkei_metering_slot_publication_delay_seconds_count"));
        Assert.Contains("renkei_metering_slot_publication_delay_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.True(Value(text, "renkei_node_disk_free_bytes") > 0, text);
        Assert.Equal(0, Value(text, "renkei_metering_readlog_failing"));
        Assert.Equal(0, Value(text, "renkei_metering_hes_batches_in_flight"));
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiListener_AnswersNoneOfTheOperationsPaths()
    {
        await using var node = await Node.StartAsync();
        using var api = new HttpClient { BaseAddress = node.ApiUrl };
        foreach (var path in new[] { "metrics", "health/live", "health/ready", "alerts" })
        {
            using var answer = await api.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.OK, answer.StatusCode);
            Assert.DoesNotContain("renkei_", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.NotEqual(node.ApiUrl.Port, node.OpsUrl.Port);
    }

    [Fact]
    public async Task Ready_IsUnhealthy_WhileFreeSpaceIsBelowTheThreshold()
    {
        await using (var healthy = await Node.StartAsync())
        {
            using var ready = await healthy.Ops.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        // A threshold above any volume's size: the data folder is below it whatever the disk.
        await using var node = await Node.StartAsync(o =>
        {
            o.MinFreeBytes = long.MaxValue;
            o.MinFreePercent = 100;
        });
        using var answer = await node.Ops.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Contains("disk-low " + node.Folder, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var live = await node.Ops.GetAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var alerts = NodeObservability.Alerts(node.App.Services);
        Assert.Contains(alerts.Alerts, a => a.Code == "disk-low" && a.Severity == "critical" && a.Unready);
    }

    [SkippableFact]
    public async Task Ready_IsUnhealthy_WhileTheReadLogCannotBeWritten_AndReadyAgainAfter()
    {
        using var disk = SmallFilesystem.TryMount(256, out var whyNot);
        Skip.If(disk is null, whyNot);

        await using var node = await Node.StartAsync(readLogOn: disk.Path);
        disk.Fill();

        // The log's last page may still take a batch or two (tmpfs allocates whole pages): post until one is refused.
        var k = 0;
        HttpStatusCode status;
        do
        {
            k++;
            using var answer = await node.PostReadsAsync("meter_id,read_at,register_kwh,direction\n" + $"M1,{Boundary(k)},{k}.0000,import\n");
            status = answer.StatusCode;
        }
        while (status == HttpStatusCode.OK && k < 40);
        Assert.NotEqual(HttpStatusCode.OK, status);

        using (var ready = await node.Ops.GetAsync("health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("read-log-failing", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(1, Value(await node.Ops.GetStringAsync("metrics"), "renkei_metering_readlog_failing"));

        disk.Free();
        using (var accepted = await node.PostReadsAsync("meter_id,read_at,register_kwh,direction\n" + $"M1,{Boundary(k)},{k}.0000,import\n"))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var again = await node.Ops.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    private static string Boundary(int k) =>
        Jst.StartOfDay(Day).AddTicks(k * Slot.TicksPerSlot).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The value of the first sample of <paramref name="metric"/> (any labels) in a Prometheus text exposition.</summary>
    private static double Value(string text, string metric)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(metric) + @"(\{[^}]*\})? (\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{metric} not in the scrape:\n{text}");
        return double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>A metering node of two meters on loopback, its clock at 06:00 JST the day after <see cref="Day"/>, slot closing held.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly ECDsa hesKey;
        private readonly HttpClient hes;

        private Node(WebApplication app, string folder, ECDsa hesKey)
        {
            App = app;
            Folder = folder;
            this.hesKey = hesKey;
            ApiUrl = new Uri(app.Urls.First() + "/");
            OpsUrl = NodeObservability.OpsUrl(app.Services)!;
            var signer = new InternalCallerSigner(hesKey, "hes", TimeProvider.System);
            hes = new HttpClient(new InternalCallerHandler(signer, MeteringHostOptions.Audience) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = ApiUrl };
            Ops = new HttpClient { BaseAddress = OpsUrl, Timeout = Timeout };
        }

        public WebApplication App { get; }

        public string Folder { get; }

        public Uri ApiUrl { get; }

        public Uri OpsUrl { get; }

        public HttpClient Ops { get; }

        public static async Task<Node> StartAsync(Action<NodeObservabilityOptions>? observe = null, string? readLogOn = null)
        {
            var folder = Path.Combine(Path.GetTempPath(), "renkei-observability-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            if (readLogOn is not null)
            {
                Directory.CreateSymbolicLink(Path.Combine(folder, "readlog"), readLogOn);
            }

            var registry = new MeterRegistry();
            var installed = Jst.StartOfDay(Day.AddDays(-30));
            registry.Add(new MeterInstallation(SupplyPointId.Parse("0310000000000000000001"), "M1", Multiplier.One, 6, installed, Kwh.Zero, Kwh.FromDecimal(50m), false));
            registry.Add(new MeterInstallation(SupplyPointId.Parse("0310000000000000000002"), "M2", Multiplier.One, 6, installed, Kwh.Zero, Kwh.FromDecimal(50m), false));
            var hesKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var options = new MeteringHostOptions
            {
                DataDirectory = folder,
                FirstSlotToClose = new Slot(Day, 1),
                HoldSlotClosing = true,
                Engine = new IntervalEngineOptions { Partitions = 2 },
                Callers = new InternalCallerTrust
                {
                    Audience = MeteringHostOptions.Audience,
                    Callers = [new InternalCaller("hes", InternalCallerKey.PublicOnly(hesKey), [new InternalRoute("POST", "/internal/v1/hes/reads")])],
                },
            };
            observe?.Invoke(options.Observability);
            var app = MeteringHost.Build(options, registry, new FakeTimeProvider(Jst.StartOfDay(Day.AddDays(1)).AddHours(6)), l => l.ClearProviders());
            await app.StartAsync();
            return new Node(app, folder, hesKey);
        }

        public Task<HttpResponseMessage> PostReadsAsync(string csv) =>
            hes.PostAsync("internal/v1/hes/reads", new StringContent(csv, Encoding.UTF8, "text/csv"));

        public async ValueTask DisposeAsync()
        {
            hes.Dispose();
            Ops.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
            hesKey.Dispose();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp folder's own cleanup.
            }
        }
    }
}

/// <summary>Tests that read process-wide meters: xunit runs this collection after the others, with nothing beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "process-wide meters";
}
