using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering.Engine;
using Renkei.Metering.Ingest.JetStream;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Cluster;

/// <summary>
/// A real metering node (Kestrel on loopback, the HES route, the caller proofs) whose read log is the area's
/// JetStream stream on a <see cref="NatsCluster"/>. <see cref="Meters"/> low-voltage meters of area 03; the fake
/// clock stands at 06:00 JST the day after <see cref="Day"/> and no slot is closed. Batches are posted as the HES
/// feed posts them: the binary reads format, signed with the HES's caller key.
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    public const int Meters = 200;

    public static readonly DateOnly Day = new(2026, 4, 1);

    private readonly HttpClient client;
    private readonly ECDsa hesKey;

    private ClusterNode(WebApplication app, string folder, ECDsa hesKey, HttpClient client)
    {
        App = app;
        Folder = folder;
        this.hesKey = hesKey;
        this.client = client;
    }

    public WebApplication App { get; }

    public string Folder { get; }

    public IntervalEngine Engine => App.Services.GetRequiredService<IntervalEngine>();

    public MeterRegistry Registry => App.Services.GetRequiredService<MeterRegistry>();

    /// <summary>The options of the stream (area 03, R3, short publish timeout so a refusal comes quickly).</summary>
    public static JetStreamReadLogOptions StreamOptions(NatsCluster cluster) => new()
    {
        Nats = cluster.Nats(),
        Area = "03",
        PublishTimeout = TimeSpan.FromSeconds(3),
        StartTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>The registry every node of a test shares: <see cref="Meters"/> meters M000.. on points 0310…</summary>
    public static MeterRegistry NewRegistry()
    {
        var registry = new MeterRegistry();
        var installed = Jst.StartOfDay(Day.AddDays(-30));
        for (var i = 0; i < Meters; i++)
        {
            registry.Add(new MeterInstallation(
                SupplyPointId.Parse(string.Create(CultureInfo.InvariantCulture, $"031000000000000000{i:D4}")),
                MeterId(i),
                Multiplier.One,
                6,
                installed,
                Kwh.Zero,
                Kwh.FromDecimal(50m),
                false));
        }

        return registry;
    }

    public static string MeterId(int i) => string.Create(CultureInfo.InvariantCulture, $"M{i:D3}");

    /// <summary>Starts a node over <paramref name="folder"/> (a new one if null), replaying the stream into its engine.</summary>
    public static async Task<ClusterNode> StartAsync(NatsCluster cluster, string? folder = null, Metering.Cluster.PartitionLeaseOptions? leases = null)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "renkei-cluster-tests", Guid.NewGuid().ToString("N"));
        var hesKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var app = MeteringHost.Build(
            new MeteringHostOptions
            {
                DataDirectory = folder,
                FirstSlotToClose = new Slot(Day.AddDays(365), 1),
                Engine = new IntervalEngineOptions { Partitions = 2 },
                JetStream = StreamOptions(cluster),
                Leases = leases,
                Callers = new InternalCallerTrust
                {
                    Audience = MeteringHostOptions.Audience,
                    Callers = [new InternalCaller("hes", InternalCallerKey.PublicOnly(hesKey), [new InternalRoute(null, "/internal/v1/")])],
                },
            },
            NewRegistry(),
            new FakeTimeProvider(Jst.StartOfDay(Day.AddDays(1)).AddHours(6)),
            l => l.ClearProviders());
        await app.StartAsync();
        var signer = new InternalCallerSigner(hesKey, "hes", TimeProvider.System);
        var client = new HttpClient(new InternalCallerHandler(signer, MeteringHostOptions.Audience) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = new Uri(app.Urls.First() + "/"),
        };
        return new ClusterNode(app, folder, hesKey, client);
    }

    /// <summary>
    /// Batch <paramref name="k"/>: every meter's read at boundary <paramref name="k"/> of <see cref="Day"/>
    /// (meter i's register grows by (i + 1) × 0.1 kWh a slot), as the reads it stands for and its binary body.
    /// </summary>
    public static (Read[] Reads, byte[] Body) Batch(int k)
    {
        var at = Jst.StartOfDay(Day).AddTicks(k * Slot.TicksPerSlot);
        var writer = new ArrayBufferWriter<byte>();
        BinaryReadsWriter.WriteMagic(writer);
        var reads = new Read[Meters];
        for (var i = 0; i < Meters; i++)
        {
            var units = (long)k * (i + 1) * 1000;
            BinaryReadsWriter.WriteRead(writer, MeterId(i), at, units, export: false);
            reads[i] = new Read(MeterId(i), at.UtcTicks, units);
        }

        return (reads, writer.WrittenSpan.ToArray());
    }

    /// <summary>Posts a batch to the HES route; returns the response as it came.</summary>
    public async Task<HttpResponseMessage> PostAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(BinaryReads.ContentType);
        return await client.PostAsync("internal/v1/hes/reads", content);
    }

    /// <summary>
    /// Posts a batch until it is acknowledged, as the meter side does: after a <c>503</c> it waits for the stream to
    /// report a leader again before it sends the batch once more (a server that has just come back may still be
    /// catching up, so a few refusals may follow one another). Fails if the batch is not acknowledged within a
    /// minute. Returns how many refusals came first.
    /// </summary>
    public async Task<int> PostUntilAcknowledgedAsync(NatsCluster cluster, byte[] body)
    {
        var deadline = Stopwatch.StartNew();
        var last = string.Empty;
        var refusals = 0;
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            using var response = await PostAsync(body);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return refusals;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            last = await response.Content.ReadAsStringAsync();
            refusals++;
            await cluster.WaitForStreamLeaderAsync(StreamOptions(cluster).StreamName);
        }

        throw new TimeoutException($"the batch was refused {refusals} times in a minute; the last answer: {last}");
    }

    /// <summary>Every read in the stream, read back through a fresh log over the same registry shape.</summary>
    public static List<Read> ReadsInStream(NatsCluster cluster)
    {
        var registry = NewRegistry();
        using var log = JetStreamReadLog.OpenAsync(StreamOptions(cluster), registry).GetAwaiter().GetResult();
        return [.. log.ReadFrom(0).Select(r => new Read(registry[r.LoggedOrdinal].MeterId, r.UtcTicks, r.RegisterUnits))];
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        hesKey.Dispose();
    }

    /// <summary>Deletes the node's folder (after the last node over it is disposed).</summary>
    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp folder's own cleanup.
        }
    }

    /// <summary>One read as the meter side sent it.</summary>
    public readonly record struct Read(string MeterId, long UtcTicks, long RegisterUnits);
}
