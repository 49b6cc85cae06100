using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Simulator.Fleet;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Cli.Demo;

/// <summary>
/// The demo's market: three retailers, the fleet's supply points split between them since 2016-04-01 (full
/// retail liberalisation), and a history of switches: 10 % of points changed retailer 20 days ago, 2 % change
/// today and 2 % changed yesterday, so the access rules have something to show.
/// </summary>
internal static class DemoSeed
{
    public static readonly DateOnly MarketOpening = new(2016, 4, 1);

    public static readonly (string Code, string Name)[] Retailers =
    [
        ("R0001", "さくら電力 (Sakura Denryoku)"),
        ("R0002", "富士エナジー (Fuji Energy)"),
        ("R0003", "みなとパワー (Minato Power)"),
    ];

    /// <summary>The contract periods of point <paramref name="i"/>: (retailer index, start, end exclusive or null).</summary>
    public static IReadOnlyList<(int Retailer, DateOnly Start, DateOnly? End)> History(int i, DateOnly today)
    {
        var owner = i % 3;
        if (i % 10 == 1)
        {
            var switched = today.AddDays(-20);
            return [((i + 1) % 3, MarketOpening, switched), (owner, switched, null)];
        }

        if (i % 50 == 3)
        {
            return [(owner, MarketOpening, today), ((i + 1) % 3, today, null)];
        }

        if (i % 50 == 7)
        {
            var yesterday = today.AddDays(-1);
            return [(owner, MarketOpening, yesterday), ((i + 2) % 3, yesterday, null)];
        }

        return [(owner, MarketOpening, null)];
    }

    /// <summary>The retailer index that supplies point <paramref name="i"/> on <paramref name="date"/>.</summary>
    public static int OwnerOn(int i, DateOnly date, DateOnly today)
    {
        foreach (var (retailer, start, end) in History(i, today))
        {
            if (start <= date && (end is null || date < end))
            {
                return retailer;
            }
        }

        return -1;
    }

    public static async Task SeedAsync(SwitchingDbContext db, MeterFleet fleet, DateOnly today, CancellationToken cancellationToken)
    {
        if (await db.Retailers.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        foreach (var (code, name) in Retailers)
        {
            db.Retailers.Add(new Retailer { Code = code, Name = name });
        }

        long seq = 0;
        foreach (var meter in fleet.Meters)
        {
            var i = meter.Ordinal;
            db.SupplyPoints.Add(new SupplyPoint
            {
                Id = meter.SupplyPointId.Value,
                Area = (int)meter.SupplyPointId.Area,
                Address = $"東京都千代田区丸の内{1 + (i / 1000)}-{1 + (i % 1000)}",
            });
            foreach (var (retailer, start, end) in History(i, today))
            {
                db.WheelingContracts.Add(new WheelingContract
                {
                    SupplyPointId = meter.SupplyPointId.Value,
                    RetailerCode = Retailers[retailer].Code,
                    StartDate = start,
                    EndDate = end,
                    ChangeSeq = ++seq,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public static SupplyPointId PointOf(MeterFleet fleet, int i) => fleet.Meters[i].SupplyPointId;
}
