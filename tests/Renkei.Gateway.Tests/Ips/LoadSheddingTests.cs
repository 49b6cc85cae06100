using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Ips;

/// <summary>
/// Load shedding on the proxied routes, through a real gateway in front of the real internal zone: with as many
/// proxied requests in flight as the gateway forwards at once (switch-in posts whose bodies are streamed and held
/// unfinished) and no room to wait, a retailer's read of intervals is answered <c>503</c> problem details with
/// <c>Retry-After</c>, audited as shed, counted; once the held requests finish, the same read is forwarded to the
/// metering node and answered.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class LoadSheddingTests(InternalZone zone)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ProxiedRequestsAtTheBound_NextShed503WithRetryAfterAndAudited_ForwardedOnceTheHeldFinish()
    {
        // The held bodies stall: the gateway's minimum body rate must not cut them while the test runs.
        var limits = new GatewayLimits { MaxProxiedRequestsInFlight = 2, ProxiedRequestQueue = 0, MinBodyRateGracePeriod = TimeSpan.FromMinutes(10) };
        await using var gateway = await TestGateway.StartAsync(zone, limits: limits);
        using var meters = new ProxyMeters(gateway.App.Services.GetRequiredService<IMeterFactory>());
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);
        var reader = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        var held = new[] { new HeldSwitchIn(), new HeldSwitchIn() };
        var posts = held.Select(body => PostAsync(client, token, body)).ToArray();
        await meters.InFlightReached(2).WaitAsync(Timeout);

        using (var shed = await TestGateway.GetIntervalsAsync(client, reader, Market.R1Only, "2026-11-01"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, shed.StatusCode);
            Assert.Equal("application/problem+json", shed.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(1), shed.Headers.RetryAfter?.Delta);
            var problem = JsonDocument.Parse(await shed.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
        }

        Assert.Equal(1, meters.Shed);
        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-01"));
        Assert.Equal((503, ProxyLoadShedding.Reason, TestGateway.R1Id), (entry.Status, entry.Reason, entry.ClientId));

        foreach (var body in held)
        {
            body.Release();
        }

        // The held posts reached the switching node, which judged them (SW002: an unknown supply point, nothing applied for).
        foreach (var post in posts)
        {
            using var answer = await post.WaitAsync(Timeout);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
            Assert.Contains("SW002", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var forwarded = await TestGateway.GetIntervalsAsync(client, reader, Market.R1Only, "2026-11-01");
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Equal(1, meters.Shed);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string token, HeldSwitchIn body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/switching/applications/switch-in", UriKind.Relative)) { Content = body };
        request.Headers.Add("Idempotency-Key", "gw-shed-" + Guid.NewGuid().ToString("N"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    /// <summary>
    /// A switch-in body sent chunked: an opening brace and 8 KB of JSON white space (enough for the switching node's
    /// minimum body rate while it waits), then, on <see cref="Release"/>, a supply point that does not exist.
    /// </summary>
    private sealed class HeldSwitchIn : HttpContent
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldSwitchIn() => Headers.ContentType = new MediaTypeHeaderValue("application/json");

        public void Release() => released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("{" + new string(' ', 8 * 1024)));
            await stream.FlushAsync();
            await released.Task.WaitAsync(Timeout);
            await stream.WriteAsync("\"supplyPointId\":\"0399999999999999999999\"}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    /// <summary>This gateway's <c>renkei.gateway.proxy.in_flight</c> and <c>renkei.gateway.proxy.shed</c> (its own meter factory's instruments only).</summary>
    private sealed class ProxyMeters : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly Lock gate = new();
        private readonly List<(long Count, TaskCompletionSource Reached)> waiting = [];
        private long inFlight;
        private long shed;

        public ProxyMeters(IMeterFactory gateway)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == gateway && instrument.Name is "renkei.gateway.proxy.in_flight" or "renkei.gateway.proxy.shed")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                lock (gate)
                {
                    if (instrument.Name == "renkei.gateway.proxy.shed")
                    {
                        shed += value;
                        return;
                    }

                    inFlight += value;
                    foreach (var (count, reached) in waiting)
                    {
                        if (inFlight >= count)
                        {
                            reached.TrySetResult();
                        }
                    }
                }
            });
            listener.Start();
        }

        public long Shed
        {
            get
            {
                lock (gate)
                {
                    return shed;
                }
            }
        }

        /// <summary>Completes once <paramref name="count"/> proxied requests are in flight at once.</summary>
        public Task InFlightReached(long count)
        {
            lock (gate)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (inFlight >= count)
                {
                    reached.TrySetResult();
                }

                waiting.Add((count, reached));
                return reached.Task;
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
