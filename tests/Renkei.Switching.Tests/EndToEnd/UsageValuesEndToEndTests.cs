using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Registry;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering;
using Renkei.Metering.Registry;
using Renkei.Switching.Api;
using Renkei.Switching.Applications.IF_10310_UsageValues;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.EndToEnd;

/// <summary>
/// 使用量情報照会 end to end: a real metering node (registry, engine, HES reads over HTTP) and the switching node,
/// which fetches the values with its own signed caller proof, trusted by metering for the usage-history route only.
/// </summary>
public abstract class UsageValuesEndToEndTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 11, 26, 0, 0, 0, TimeSpan.FromHours(9));

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private static HttpRequestMessage Post(string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        }

        return request;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [SkippableFact]
    public async Task UsageValues_ConsentGranted_ThirteenMonthsWithDaysAndSlotsFromMetering()
    {
        var harness = await Harness.StartAsync(await CreateDatabaseAsync());
        await using var metering = await MeteringNode.StartAsync(harness.Clock);
        using var source = new MeteringUsageSource(() => metering.Url, new InternalCallerSigner(metering.SwitchingKey, MeteringUsageSource.CallerName, TimeProvider.System));
        await using var api = await ApiHost.StartAsync(harness, source);
        await metering.PostReadsAsync(
            "meter_id,read_at,register_kwh\n" +
            "M000001,2026-11-26T00:30:00+09:00,100.5\n" +
            "M000001,2026-11-26T01:00:00+09:00,101.25\n");

        var password = (await JsonOf(await api.Client(Old).SendAsync(Post($"internal/v1/supply-points/{Point}/consent-passwords", new { validity = "7d" }, "p1")))).GetProperty("password").GetString();
        var applied = await api.Client(New).SendAsync(Post("internal/v1/applications/usage-information", new { supplyPointId = Point, password }, "u1"));
        var usage = await api.Client(New).GetAsync(applied.Headers.Location);
        var body = await JsonOf(usage);
        var other = await api.Client(Third).GetAsync(applied.Headers.Location);

        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, usage.StatusCode);
        Assert.Equal("2025-10-01", body.GetProperty("grant").GetProperty("from").GetString());
        var months = body.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("month").GetString()).ToArray();
        Assert.Equal(14, months.Length);
        Assert.Equal(("2025-10", "2026-11"), (months[0], months[^1]));
        var days = body.GetProperty("days").EnumerateArray().ToArray();
        Assert.Equal(422, days.Length);
        var day = days.Single(d => d.GetProperty("date").GetString() == "2026-11-26");
        Assert.Equal(1.25m, day.GetProperty("kwh").GetDecimal());
        Assert.Equal(46, day.GetProperty("slotsWithoutValue").GetInt32());
        Assert.Equal(0.5m, day.GetProperty("slots")[0].GetDecimal());
        Assert.Equal(0.75m, day.GetProperty("slots")[1].GetDecimal());
        Assert.Equal(JsonValueKind.Null, day.GetProperty("slots")[2].ValueKind);
        Assert.Equal(1.25m, body.GetProperty("months")[13].GetProperty("kwh").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [SkippableFact]
    public async Task UsageValues_SwitchingCaller_TrustedForUsageHistoryOnly()
    {
        var harness = await Harness.StartAsync(await CreateDatabaseAsync());
        await using var metering = await MeteringNode.StartAsync(harness.Clock);
        using var client = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(metering.SwitchingKey, MeteringUsageSource.CallerName, TimeProvider.System), "metering") { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = metering.Url,
        };

        var history = await client.GetAsync($"internal/v1/usage-history/{Point}?from=2026-11-01&to=2026-11-27");
        var intervals = await client.GetAsync($"internal/v1/supply-points/{Point}/intervals?date=2026-11-26");
        var reads = await client.PostAsync("internal/v1/hes/reads", new StringContent("meter_id,read_at,register_kwh\n"));
        var tooLong = await client.GetAsync($"internal/v1/usage-history/{Point}?from=2025-01-01&to=2026-11-27");

        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, intervals.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reads.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        await harness.DisposeAsync();
    }

    [SkippableFact]
    public async Task UsageValues_NoMeteringNodeLinkedOrDown_Answers503()
    {
        var harness = await Harness.StartAsync(await CreateDatabaseAsync());
        using var down = new MeteringUsageSource(() => new Uri("http://127.0.0.1:9/"), new InternalCallerSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256), MeteringUsageSource.CallerName, TimeProvider.System));
        await using var api = await ApiHost.StartAsync(harness, down);
        var password = (await JsonOf(await api.Client(Old).SendAsync(Post($"internal/v1/supply-points/{Point}/consent-passwords", new { validity = "1d" }, "p1")))).GetProperty("password").GetString();
        var applied = await api.Client(New).SendAsync(Post("internal/v1/applications/usage-information", new { supplyPointId = Point, password }, "u1"));

        var usage = await api.Client(New).GetAsync(applied.Headers.Location);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, usage.StatusCode);
        Assert.Equal("application/problem+json", usage.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A metering node on loopback with one smart meter at <see cref="Harness.Point"/>, installed at 2026-11-26 00:00 JST.</summary>
    private sealed class MeteringNode : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ECDsa hesKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly string directory = Path.Combine(Path.GetTempPath(), "renkei-switching-e2e", Guid.NewGuid().ToString("N"));

        private MeteringNode(TimeProvider clock)
        {
            var registry = new MeterRegistry();
            registry.Add(new MeterInstallation(SupplyPointId.Parse(Point), "M000001", Multiplier.One, 6, Midnight, Kwh.FromDecimal(100m), Kwh.FromDecimal(50m), false));
            app = MeteringHost.Build(
                new MeteringHostOptions
                {
                    DataDirectory = directory,
                    FirstSlotToClose = new Slot(DateOnly.FromDateTime(Midnight.DateTime), 1),
                    Callers = new InternalCallerTrust
                    {
                        Audience = MeteringHostOptions.Audience,
                        Callers =
                        [
                            new InternalCaller(MeteringUsageSource.CallerName, InternalCallerKey.PublicOnly(SwitchingKey), [new InternalRoute("GET", MeteringUsageSource.PathPrefix)]),
                            new InternalCaller("hes", InternalCallerKey.PublicOnly(hesKey), [new InternalRoute("POST", "/internal/v1/hes/reads")]),
                        ],
                    },
                },
                registry,
                clock,
                l => l.SetMinimumLevel(LogLevel.Warning));
        }

        public ECDsa SwitchingKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public Uri Url { get; private set; } = null!;

        public static async Task<MeteringNode> StartAsync(TimeProvider clock)
        {
            var node = new MeteringNode(clock);
            await node.app.StartAsync();
            node.Url = new Uri(node.app.Urls.First() + "/");
            return node;
        }

        public async Task PostReadsAsync(string csv)
        {
            using var client = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(hesKey, "hes", TimeProvider.System), MeteringHostOptions.Audience) { InnerHandler = new HttpClientHandler() })
            {
                BaseAddress = Url,
            };
            using var response = await client.PostAsync("internal/v1/hes/reads", new StringContent(csv, Encoding.UTF8, "text/csv"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.Contains("\"rejectedCount\":0", body, StringComparison.Ordinal);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
            hesKey.Dispose();
            SwitchingKey.Dispose();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

public sealed class SqliteUsageValuesEndToEndTests : UsageValuesEndToEndTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresUsageValuesEndToEndTests : UsageValuesEndToEndTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
