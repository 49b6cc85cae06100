using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Registry;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering;
using Renkei.Metering.Registry;
using Renkei.Switching;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Gateway.Tests.Support;

/// <summary>
/// The real internal zone the gateway fronts, started once for all gateway tests: a switching host on a SQLite
/// file holding the contract histories of <see cref="Market"/>, and a metering host with those supply points'
/// meters, both on loopback and both trusting only the gateway key made here.
/// </summary>
public sealed class InternalZone : IAsyncLifetime
{
    private readonly List<WebApplication> apps = [];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "renkei-gw-" + Guid.NewGuid().ToString("N"));

    public ECDsa GatewayKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ECDsa HesKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The metering node's own key: switching trusts it for the contract feed only.</summary>
    public ECDsa MeteringKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The metering node (its engine, to ingest reads and close slots in tests).</summary>
    public WebApplication Metering { get; private set; } = null!;

    public Uri MeteringUrl { get; private set; } = null!;

    /// <summary>Metering's cleartext HTTP/2 port, the one the shared gateway's proxy uses.</summary>
    public Uri MeteringHttp2Url { get; private set; } = null!;

    /// <summary>The switching node (its services, to read its audit of refused calls in tests).</summary>
    public WebApplication Switching { get; private set; } = null!;

    public Uri SwitchingUrl { get; private set; } = null!;

    /// <summary>A gateway with production limits and the system clock, for the tests that change neither.</summary>
    public TestGateway Shared { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        static void Quiet(ILoggingBuilder l) => l.ClearProviders();
        var gateway = InternalCallerKey.PublicOnly(GatewayKey);

        var switching = SwitchingHost.Build(
            new SwitchingHostOptions
            {
                DataDirectory = Path.Combine(Root, "switching"),
                Callers = new InternalCallerTrust
                {
                    Audience = SwitchingHostOptions.Audience,
                    Callers =
                    [
                        new InternalCaller("gateway", gateway, [.. SwitchingHostOptions.GatewayRoutes]),
                        new InternalCaller(MeteringHostOptions.CallerName, InternalCallerKey.PublicOnly(MeteringKey), [.. SwitchingHostOptions.MeteringRoutes]),
                    ],
                },
            },
            Quiet);
        apps.Add(switching);
        Switching = switching;
        await SwitchingHost.EnsureDatabaseAsync(switching.Services);
        await using (var scope = switching.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
            foreach (var code in Market.Retailers)
            {
                db.Retailers.Add(new Retailer { Code = code, Name = code });
            }

            long seq = 0;
            foreach (var (point, contracts) in Market.Contracts)
            {
                db.SupplyPoints.Add(new SupplyPoint { Id = point, Area = 3, Address = "test" });
                foreach (var (retailer, start, end) in contracts)
                {
                    db.WheelingContracts.Add(new WheelingContract { SupplyPointId = point, RetailerCode = retailer, StartDate = start, EndDate = end, ChangeSeq = ++seq });
                }
            }

            // R1's customer at R1's point, so a supply point search has something to find (Ips/HostileParameterTests).
            db.ContractHolders.Add(new ContractHolder { SupplyPointId = Market.R1Only, RetailerCode = Market.R1, CustomerNumber = "C-0001", Name = "Test", Address = "test" });
            await db.SaveChangesAsync();
        }

        await switching.StartAsync();
        SwitchingUrl = new Uri(switching.Urls.First() + "/");

        var registry = new MeterRegistry();
        var installed = new DateTimeOffset(2016, 4, 1, 0, 0, 0, TimeSpan.FromHours(9));
        var m = 0;
        foreach (var (point, _) in Market.Contracts)
        {
            // R3's point is high voltage, so R3 has files (W401…) no other retailer has.
            var voltage = point == Market.R3Only ? VoltageClass.High : VoltageClass.Low;
            registry.Add(new MeterInstallation(SupplyPointId.Parse(point), $"M{++m:D6}", Multiplier.One, 6, installed, Kwh.Zero, Kwh.FromDecimal(50m), false, VoltageClass: voltage));
        }

        var metering = MeteringHost.Build(
            new MeteringHostOptions
            {
                DataDirectory = Path.Combine(Root, "metering"),

                // As in the demo: the gateway's proxy reaches metering over cleartext HTTP/2.
                Http2Port = 0,
                FirstSlotToClose = new Slot(Market.SwitchDay, 1),
                SwitchingUrl = SwitchingUrl,
                CallerKey = MeteringKey,
                Callers = new InternalCallerTrust
                {
                    Audience = MeteringHostOptions.Audience,
                    Callers =
                    [
                        new InternalCaller(
                            "gateway",
                            gateway,
                            [
                                new InternalRoute("GET", "/internal/v1/supply-points/"),
                                new InternalRoute("GET", "/internal/v1/retailer/"),
                                new InternalRoute("GET", "/internal/v1/changes"),

                                // The operator dashboard's routes, as the demo grants them.
                                new InternalRoute("GET", "/internal/v1/status"),
                                new InternalRoute("GET", "/internal/v1/slots/"),
                                new InternalRoute("GET", "/internal/v1/operator/"),
                            ]),
                        new InternalCaller("hes", InternalCallerKey.PublicOnly(HesKey), [new InternalRoute("POST", "/internal/v1/hes/reads")]),
                    ],
                },
            },
            registry,
            TimeProvider.System,
            Quiet);
        apps.Add(metering);
        await metering.StartAsync();
        await MeteringHost.SyncContractsAsync(metering);
        Metering = metering;
        MeteringUrl = MeteringListeners.Of(metering).Url;
        MeteringHttp2Url = MeteringListeners.Of(metering).Http2Url!;
        Shared = await TestGateway.StartAsync(this);
    }

    public async Task DisposeAsync()
    {
        if (Shared is not null)
        {
            await Shared.DisposeAsync();
        }

        for (var i = apps.Count - 1; i >= 0; i--)
        {
            await apps[i].StopAsync();
            await apps[i].DisposeAsync();
        }

        GatewayKey.Dispose();
        HesKey.Dispose();
        MeteringKey.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the temp folder's own cleanup.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InternalZoneCollection : ICollectionFixture<InternalZone>
{
    public const string Name = "internal zone";
}
