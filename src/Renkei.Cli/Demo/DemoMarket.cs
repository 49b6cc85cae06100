using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Domain.Time;
using Renkei.Formats.Registry;
using Renkei.Simulator.Fleet;
using Renkei.Switching.Store;
using Renkei.Switching.Tso.Node;

namespace Renkei.Cli.Demo;

/// <summary>
/// Fills the demo's stores: the hub's market (<see cref="DemoSeed"/> and the areas' reading schedules), each TSO
/// node's area copied from the hub, and the metering registry of the fleet. <c>renkei demo</c> and
/// <c>renkei cluster</c> seed through here.
/// </summary>
internal static class DemoMarket
{
    /// <summary>Seeds the hub's store (built, database ensured) with the fleet's market and the reading schedules.</summary>
    public static async Task SeedHubAsync(IServiceProvider hub, MeterFleet fleet, DateOnly today, Renkei.Domain.Calendar.BusinessCalendar? calendar, CancellationToken cancellationToken)
    {
        await using var scope = hub.CreateAsyncScope();
        var switchingDb = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
        await DemoSeed.SeedAsync(switchingDb, fleet, today, cancellationToken).ConfigureAwait(false);

        // The areas' reading schedules, generated and imported as a TSO's file would be (a restart adds the months
        // the clock has moved into and leaves the stored ones).
        var schedules = DemoReadingSchedules.Generate(calendar ?? Renkei.Domain.Calendar.BusinessCalendar.JapanDefault, today);
        var imported = await Renkei.Switching.Market.ReadingScheduleImport.ImportAsync(switchingDb, System.Text.Encoding.UTF8.GetBytes(schedules), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!imported.Accepted)
        {
            throw new InvalidOperationException("the demo's generated reading schedules were refused: " + string.Join("; ", imported.Errors));
        }
    }

    /// <summary>Copies <paramref name="area"/>'s points and contracts from the hub's store into an empty TSO store.</summary>
    public static async Task SeedTsoAsync(IServiceProvider tso, IServiceProvider hub, int area, CancellationToken cancellationToken)
    {
        await using var tsoScope = tso.CreateAsyncScope();
        await using var hubScope = hub.CreateAsyncScope();
        var tsoStore = tsoScope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
        if (!await tsoStore.SupplyPoints.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            await TsoStoreSeed.CopyAreaAsync(hubScope.ServiceProvider.GetRequiredService<SwitchingDbContext>(), tsoStore, area, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The fleet's meters as registry installations, installed at the start of the day before <paramref name="yesterday"/>.</summary>
    public static IEnumerable<MeterInstallation> Installations(MeterFleet fleet, DateOnly yesterday)
    {
        var installedAt = Jst.StartOfDay(yesterday.AddDays(-1));
        return fleet.Meters.Select(m => new MeterInstallation(m.SupplyPointId, m.MeterId, m.Multiplier, m.RegisterDigits, installedAt, m.InitialRegister, m.MaxPerSlot, m.HasSolar));
    }
}
