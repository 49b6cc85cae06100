using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Hosting.Contracts;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering.Registry;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// The metering node follows switching's reading-schedule feed beside the contract feed, with the same caller proof:
/// a stand-in switching node on loopback (Kestrel, the caller-proof middleware trusting the metering key for the two
/// feed routes only) serves both, and the node cuts a point's reading period from what it read.
/// </summary>
public sealed class ReadingScheduleFeedTests : IAsyncLifetime
{
    private const string Point = "0310000000000000000001";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-schedule-feed-tests", Guid.NewGuid().ToString("N"));
    private readonly ECDsa meteringKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private WebApplication switching = null!;
    private WebApplication metering = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddInternalCallerTrust(
            new InternalCallerTrust
            {
                Audience = "switching",
                Callers =
                [
                    new InternalCaller(
                        MeteringHostOptions.CallerName,
                        InternalCallerKey.PublicOnly(meteringKey),
                        [new InternalRoute("GET", "/internal/v1/wheeling-contracts/changes"), new InternalRoute("GET", "/internal/v1/reading-schedules/changes")]),
                ],
            },
            Path.Combine(folder, "switching-audit"));
        switching = builder.Build();
        switching.UseInternalCallerProof();
        switching.MapGet("/internal/v1/wheeling-contracts/changes", (long after) => Results.Json(after > 0
            ? new ContractFeedPage([], after)
            : new ContractFeedPage([new ContractFeedItem(1, 1, Point, "RA001", new DateOnly(2026, 1, 1), null, "05")], 1)));
        switching.MapGet("/internal/v1/reading-schedules/changes", (long after) => Results.Json(after > 0
            ? new ReadingScheduleFeedPage([], after)
            : new ReadingScheduleFeedPage(
                [
                    new ReadingScheduleFeedItem(1, "03", "05", "2026-10", new DateOnly(2026, 10, 8)),
                    new ReadingScheduleFeedItem(2, "03", "05", "2026-11", new DateOnly(2026, 11, 9)),
                    new ReadingScheduleFeedItem(3, "03", "05", "2026-12", new DateOnly(2026, 12, 8)),
                ],
                3)));
        await switching.StartAsync();

        var registry = new MeterRegistry();
        registry.Add(new MeterInstallation(SupplyPointId.Parse(Point), "M1", Multiplier.One, 6, Jst.StartOfDay(new DateOnly(2026, 1, 1)), Kwh.Zero, Kwh.FromDecimal(50m), false));
        metering = MeteringHost.Build(
            new MeteringHostOptions
            {
                DataDirectory = Path.Combine(folder, "metering"),
                FirstSlotToClose = new Slot(new DateOnly(2030, 1, 1), 1),
                Engine = new Renkei.Metering.Engine.IntervalEngineOptions { Partitions = 1 },
                SwitchingUrl = new Uri(switching.Urls.First() + "/"),
                CallerKey = meteringKey,
            },
            registry,
            new FakeTimeProvider(Jst.StartOfDay(new DateOnly(2026, 11, 20))),
            l => l.ClearProviders());
        await metering.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await metering.StopAsync();
        await metering.DisposeAsync();
        await switching.StopAsync();
        await switching.DisposeAsync();
        meteringKey.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Sync_ReadsBothFeedsWithTheNodesProof_ThePeriodIsCut()
    {
        await MeteringHost.SyncContractsAsync(metering);

        var periods = metering.Services.GetRequiredService<ReadingPeriods>();
        Assert.Equal(3, metering.Services.GetRequiredService<ReadingScheduleReadModel>().Cursor);
        Assert.Equal(new UsagePeriod(2026, 11, new DateOnly(2026, 10, 8), new DateOnly(2026, 11, 9), new DateOnly(2026, 12, 8)), periods.Of(Point, 2026, 11).Period);
    }
}
