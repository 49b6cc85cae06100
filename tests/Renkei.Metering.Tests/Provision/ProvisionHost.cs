using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Hosting.Contracts;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// A real metering node on loopback (Kestrel, the caller-proof middleware, the retailer data routes) with a small
/// market: retailer A holds <see cref="LowA1"/>, <see cref="LowA2"/> and the high-voltage <see cref="HighA"/>;
/// retailer B holds <see cref="LowB"/>; <see cref="Switched"/> is A's until <see cref="Day"/> and B's from it. The
/// contracts are given straight to the read model; clients call as the gateway would (its proof and
/// <c>X-Renkei-Retailer</c>). The fake clock stands at 06:00 JST the day after <see cref="Day"/>; nothing closes
/// a slot but the test. Reading schedules (area 03): <see cref="ScheduleA"/> reads on 31 March, 2 April and 1 May
/// (April's reading period: 31 March and 1 April), the schedule of <see cref="LowA1"/>, <see cref="HighA"/> and
/// <see cref="Switched"/>; <see cref="ScheduleB"/> reads on 2 March, 1 April and 1 May, the schedule of
/// <see cref="LowB"/>; <see cref="LowA2"/> has none.
/// </summary>
internal sealed class ProvisionHost : IAsyncDisposable
{
    public const string A = "RA001";
    public const string B = "RB002";
    public const string LowA1 = "0310000000000000000001";
    public const string LowA2 = "0310000000000000000002";
    public const string HighA = "0310000000000000000003";
    public const string LowB = "0310000000000000000004";
    public const string Switched = "0310000000000000000005";

    public const string ScheduleA = "A1";
    public const string ScheduleB = "B2";

    public static readonly DateOnly Day = new(2026, 4, 1);

    private readonly List<HttpClient> clients = [];
    private bool stopped;

    private ProvisionHost(WebApplication app, string folder, FakeTimeProvider clock, ECDsa gatewayKey, ECDsa hesKey)
    {
        App = app;
        Folder = folder;
        Clock = clock;
        GatewayKey = gatewayKey;
        HesKey = hesKey;
    }

    public WebApplication App { get; }

    public string Folder { get; }

    public FakeTimeProvider Clock { get; }

    public ECDsa GatewayKey { get; }

    public ECDsa HesKey { get; }

    public Uri Url { get; private set; } = null!;

    public IntervalEngine Engine => App.Services.GetRequiredService<IntervalEngine>();

    public Renkei.Metering.Hes.ReadIngest Hes => App.Services.GetRequiredService<Renkei.Metering.Hes.ReadIngest>();

    public MeterRegistry Registry => App.Services.GetRequiredService<MeterRegistry>();

    /// <summary>Starts the node with its data in <paramref name="folder"/> (default: a fresh temp folder) and its bound of HES batches in flight.</summary>
    public static async Task<ProvisionHost> StartAsync(string? folder = null, int maxBatchesInFlight = MeteringHostOptions.DefaultMaxBatchesInFlight)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "renkei-provision-tests", Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(Jst.StartOfDay(Day.AddDays(1)).AddHours(6));
        var registry = new MeterRegistry();
        var installed = Jst.StartOfDay(Day.AddDays(-30));
        var m = 0;
        foreach (var (point, high) in new[] { (LowA1, false), (LowA2, false), (HighA, true), (LowB, false), (Switched, false) })
        {
            registry.Add(new MeterInstallation(
                SupplyPointId.Parse(point),
                $"M{++m}",
                high ? Multiplier.FromInt32(40) : Multiplier.One,
                6,
                installed,
                Kwh.Zero,
                Kwh.FromDecimal(50m),
                false,
                VoltageClass: high ? VoltageClass.High : VoltageClass.Low));
        }

        var contracts = new ContractReadModel();
        var open = new DateOnly(2016, 4, 1);
        contracts.Apply(
            [
                new ContractFeedItem(1, 1, LowA1, A, open, null, ScheduleA),
                new ContractFeedItem(2, 2, LowA2, A, open, null),
                new ContractFeedItem(3, 3, HighA, A, open, null, ScheduleA),
                new ContractFeedItem(4, 4, LowB, B, open, null, ScheduleB),
                new ContractFeedItem(5, 5, Switched, A, open, Day, ScheduleA),
                new ContractFeedItem(6, 6, Switched, B, Day, null, ScheduleA),
            ],
            6);
        var schedules = new ReadingScheduleReadModel();
        schedules.Apply(
            [
                new ReadingScheduleFeedItem(1, "03", ScheduleA, "2026-03", new DateOnly(2026, 3, 31)),
                new ReadingScheduleFeedItem(2, "03", ScheduleA, "2026-04", new DateOnly(2026, 4, 2)),
                new ReadingScheduleFeedItem(3, "03", ScheduleA, "2026-05", new DateOnly(2026, 5, 1)),
                new ReadingScheduleFeedItem(4, "03", ScheduleB, "2026-03", new DateOnly(2026, 3, 2)),
                new ReadingScheduleFeedItem(5, "03", ScheduleB, "2026-04", new DateOnly(2026, 4, 1)),
                new ReadingScheduleFeedItem(6, "03", ScheduleB, "2026-05", new DateOnly(2026, 5, 1)),
            ],
            6);

        var gatewayKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var hesKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var app = MeteringHost.Build(
            new MeteringHostOptions
            {
                DataDirectory = folder,
                FirstSlotToClose = new Slot(Day.AddDays(365), 1),
                Engine = new IntervalEngineOptions { Partitions = 2 },
                Contracts = contracts,
                ReadingSchedules = schedules,
                MaxBatchesInFlight = maxBatchesInFlight,
                Callers = new InternalCallerTrust
                {
                    Audience = MeteringHostOptions.Audience,
                    Callers =
                    [
                        new InternalCaller("gateway", InternalCallerKey.PublicOnly(gatewayKey), [new InternalRoute("GET", "/internal/v1/retailer/")]),
                        new InternalCaller("hes", InternalCallerKey.PublicOnly(hesKey), [new InternalRoute(null, "/internal/v1/")]),
                    ],
                },
            },
            registry,
            clock,
            l => l.ClearProviders());
        var host = new ProvisionHost(app, folder, clock, gatewayKey, hesKey);
        await app.StartAsync();
        host.Url = new Uri(app.Urls.First() + "/");
        return host;
    }

    /// <summary>A client calling as the gateway does for <paramref name="retailer"/> (or as another caller with <paramref name="callerKey"/>).</summary>
    public HttpClient ClientFor(string retailer, ECDsa? callerKey = null, string callerName = "gateway")
    {
        var signer = new InternalCallerSigner(callerKey ?? GatewayKey, callerName, TimeProvider.System);
        var client = new HttpClient(new InternalCallerHandler(signer, MeteringHostOptions.Audience) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = Url,
        };
        client.DefaultRequestHeaders.Add(InternalHeaders.Retailer, retailer);
        clients.Add(client);
        return client;
    }

    /// <summary>Reads of every meter at boundaries <paramref name="from"/>..<paramref name="to"/> of <see cref="Day"/>: meter i advances by i × 0.1 kWh a slot.</summary>
    public void IngestAll(int from, int to, params string[] skipMeters) => IngestFrom(Day, from, to, skipMeters);

    /// <summary>As <see cref="IngestAll"/>, counting boundaries from the start of <paramref name="start"/> (the register is 0 there).</summary>
    public void IngestFrom(DateOnly start, int from, int to, params string[] skipMeters)
    {
        var reads = new List<MeterRead>();
        for (var o = 0; o < Registry.Count; o++)
        {
            var meter = Registry[o];
            if (skipMeters.Contains(meter.MeterId))
            {
                continue;
            }

            for (var k = from; k <= to; k++)
            {
                reads.Add(new MeterRead(1, o, Boundary(k, start).UtcTicks, (long)(k * (o + 1) * 1000), Direction.Import));
            }
        }

        var rejected = new List<RejectedRead>();
        Hes.Ingest(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(reads), rejected);
        Assert.Empty(rejected);
    }

    /// <summary>
    /// Reads and publishes April's reading period of schedule A1 (31 March and 1 April): every meter from 31 March
    /// 00:00 to 2 April 00:00 as <see cref="IngestFrom"/> makes them, except LowA1's last read (its last slot is
    /// missing) and the high-voltage meter M3, which advances 0.3 kWh a slot and 0.5 kWh in the slot starting 1 April
    /// 05:30 (×40); all 96 slots are published.
    /// </summary>
    public void PublishReadingPeriodA()
    {
        var start = Day.AddDays(-1);
        IngestFrom(start, 0, 95, "M3");
        IngestFrom(start, 96, 96, "M1", "M3");
        Assert.True(Registry.TryGetOrdinal("M3", out var high));
        var reads = Enumerable.Range(0, 97)
            .Select(j => new MeterRead(1, high, Boundary(j, start).UtcTicks, (j * 3000L) + (j >= 60 ? 2000 : 0), Direction.Import))
            .ToArray();
        var rejected = new List<RejectedRead>();
        Hes.Ingest(reads, rejected);
        Assert.Empty(rejected);
        for (var k = 1; k <= Slot.PerDay; k++)
        {
            Close(k, start);
            Close(k, Day);
        }
    }

    /// <summary>One meter's read at boundary <paramref name="k"/>, following the same curve as <see cref="IngestAll"/>.</summary>
    public void IngestOne(string meterId, int k, DateOnly? start = null)
    {
        Assert.True(Registry.TryGetOrdinal(meterId, out var o));
        var rejected = new List<RejectedRead>();
        Hes.Ingest([new MeterRead(1, o, Boundary(k, start).UtcTicks, (long)(k * (o + 1) * 1000), Direction.Import)], rejected);
        Assert.Empty(rejected);
    }

    public void Close(int slot, DateOnly? date = null) => Assert.True(Engine.CloseSlot(new Slot(date ?? Day, slot)));

    public static DateTimeOffset Boundary(int k, DateOnly? date = null) => Jst.StartOfDay(date ?? Day).AddTicks(k * Slot.TicksPerSlot);

    /// <summary>Stops and disposes the node, keeping its data folder (for a test that looks at it afterwards).</summary>
    public async Task StopAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        foreach (var c in clients)
        {
            c.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GatewayKey.Dispose();
        HesKey.Dispose();
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
