using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Formats.Api.Operations;
using Renkei.Hosting.InternalAuth;
using Renkei.Hosting.Observability;
using Renkei.Metering.Tests.Provision;

namespace Renkei.Metering.Tests.Hes;

/// <summary>
/// The HES's back-pressure over real HTTP: with as many batches in flight as the node takes (their bodies streamed and
/// held unfinished), the next is refused with <c>503</c> problem details and <c>Retry-After</c> before its body is
/// asked for, nothing of it is kept and the operator sees <c>ingest-saturated</c>; once the held batches complete, it
/// is accepted. Every request says <c>Expect: 100-continue</c> and the client waits for the node's answer, so a body is
/// sent only once the node reads it: a held batch's first bytes mean it holds a slot.
/// </summary>
public sealed class HesBackPressureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task BatchesInFlightAtTheBound_NextRefused503BeforeItsBodyIsRead_NothingKept_AcceptedOnceTheHeldComplete()
    {
        await using var host = await ProvisionHost.StartAsync(maxBatchesInFlight: 2);
        using var client = ExpectContinueClient(host);
        var logFile = Path.Combine(host.Folder, "readlog", "reads.log");
        var conditions = host.App.Services.GetRequiredService<NodeConditions>();
        using var refusals = new RefusalCount(host.App.Services.GetRequiredService<IMeterFactory>());

        var held = new[] { new StreamedBatch(Csv(0, 19), hold: true), new StreamedBatch(Csv(20, 39), hold: true) };
        var posts = held.Select(b => PostAsync(client, b)).ToArray();
        foreach (var batch in held)
        {
            await batch.BodyAskedFor.Task.WaitAsync(Timeout);
        }

        var logLength = File.Exists(logFile) ? new FileInfo(logFile).Length : 0;
        var next = new StreamedBatch(Csv(40, 59), hold: false);
        using (var refused = await PostAsync(client, next))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.Contains("not keeping up", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        }

        // Its body was never asked for, and nothing of it reached the read log or the engine.
        Assert.False(next.BodyAskedFor.Task.IsCompleted);
        Assert.Equal(logLength, File.Exists(logFile) ? new FileInfo(logFile).Length : 0);
        Assert.Equal(0, host.Engine.AcceptedTotal);
        Assert.Contains(conditions.Current(), a => a.Code == NodeAlertCodes.IngestSaturated && a.Severity == NodeAlertCodes.Warning);
        Assert.Equal(1, refusals.InFlight);

        foreach (var batch in held)
        {
            batch.Release();
        }

        foreach (var post in posts)
        {
            using var answer = await post.WaitAsync(Timeout);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        Assert.Equal(2 * 20 * host.Registry.Count, host.Engine.AcceptedTotal);

        // Sent again, the refused batch is taken whole, and the alert is gone.
        using (var taken = await PostAsync(client, new StreamedBatch(Csv(40, 59), hold: false)))
        {
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
            Assert.Equal(20 * host.Registry.Count, JsonDocument.Parse(await taken.Content.ReadAsStringAsync()).RootElement.GetProperty("accepted").GetInt32());
        }

        Assert.Equal(3 * 20 * host.Registry.Count, host.Engine.AcceptedTotal);
        Assert.Equal(3 * 20 * host.Registry.Count * Renkei.Metering.Ingest.FileReadLog.RecordSize, new FileInfo(logFile).Length);
        Assert.DoesNotContain(conditions.Current(), a => a.Code == NodeAlertCodes.IngestSaturated);
        Assert.Equal(1, refusals.InFlight);
    }

    /// <summary>This node's <c>renkei.metering.hes.batches.refused</c> with reason in-flight (its own meter factory's instruments only).</summary>
    private sealed class RefusalCount : IDisposable
    {
        private readonly MeterListener listener = new();
        private long inFlight;

        public RefusalCount(IMeterFactory node)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == node && instrument.Name == "renkei.metering.hes.batches.refused")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "reason", Value: "in-flight" })
                    {
                        Interlocked.Add(ref inFlight, value);
                    }
                }
            });
            listener.Start();
        }

        public long InFlight => Interlocked.Read(ref inFlight);

        public void Dispose() => listener.Dispose();
    }

    /// <summary>A client of the HES that waits for the node's 100 Continue as long as the test allows (no body is sent unasked).</summary>
    private static HttpClient ExpectContinueClient(ProvisionHost host)
    {
        var signer = new InternalCallerSigner(host.HesKey, "hes", TimeProvider.System);
        return new HttpClient(new InternalCallerHandler(signer, MeteringHostOptions.Audience)
        {
            InnerHandler = new SocketsHttpHandler { Expect100ContinueTimeout = Timeout },
        })
        {
            BaseAddress = host.Url,
        };
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, StreamedBatch batch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("internal/v1/hes/reads", UriKind.Relative)) { Content = batch };
        request.Headers.ExpectContinue = true;
        return await client.SendAsync(request);
    }

    /// <summary>Reads of every meter at boundaries <paramref name="from"/>..<paramref name="to"/> of the host's day: meter i advances by i × 0.1 kWh a slot.</summary>
    private static string Csv(int from, int to)
    {
        var csv = new StringBuilder("meter_id,read_at,register_kwh\n");
        for (var m = 1; m <= 5; m++)
        {
            for (var k = from; k <= to; k++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"M{m},{ProvisionHost.Boundary(k).ToOffset(TimeSpan.FromHours(9)):yyyy-MM-ddTHH:mm:sszzz},{k * m / 10m:0.0000}\n");
            }
        }

        return csv.ToString();
    }

    /// <summary>
    /// A CSV body sent chunked: <see cref="BodyAskedFor"/> is set when the client starts sending it (the node asked for
    /// it); a held one sends all but its last line, then waits for <see cref="Release"/>.
    /// </summary>
    private sealed class StreamedBatch(string csv, bool hold) : HttpContent
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource BodyAskedFor { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            BodyAskedFor.TrySetResult();
            var bytes = Encoding.UTF8.GetBytes(csv);
            var split = hold ? csv.LastIndexOf('\n', csv.Length - 2) + 1 : bytes.Length;
            await stream.WriteAsync(bytes.AsMemory(0, split));
            await stream.FlushAsync();
            if (hold)
            {
                await released.Task.WaitAsync(Timeout);
                await stream.WriteAsync(bytes.AsMemory(split));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
