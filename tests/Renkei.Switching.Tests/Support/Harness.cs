using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Calendar;
using Renkei.Switching.Applications;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tests.Support;

/// <summary>A migrated database with the standard test market, a fixed clock, and services on fresh contexts.</summary>
public sealed class Harness : IAsyncDisposable
{
    /// <summary>Friday 2026-11-27 09:00 JST.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    public const string Old = "R0001";
    public const string New = "R0002";
    public const string Third = "R0003";

    /// <summary>Supplied by <see cref="Old"/>, reading day 15.</summary>
    public const string Point = "0300000000000000000001";

    /// <summary>Supplied by <see cref="Old"/>, conventional meter (meter work needed).</summary>
    public const string ConventionalPoint = "0300000000000000000002";

    /// <summary>Exists, no contract.</summary>
    public const string VacantPoint = "0300000000000000000003";

    /// <summary>Supplied by <see cref="Third"/>.</summary>
    public const string ThirdsPoint = "0600000000000000000004";

    private readonly List<SwitchingDbContext> contexts = [];

    private Harness(TestDatabase database)
    {
        Database = database;
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    public SwitchingDates Dates { get; } = new(BusinessCalendar.JapanDefault);

    public static async Task<Harness> StartAsync(TestDatabase database, int extraRetailers = 0)
    {
        var harness = new Harness(database);
        await database.MigrateAsync();
        var market = new MarketBuilder()
            .Retailer(Old, "旧電力")
            .Retailer(New, "新電力")
            .Retailer(Third, "第三電力")
            .Point(Point, Old)
            .Point(ConventionalPoint, Old, meterType: Renkei.Switching.Model.MeterTypes.Conventional)
            .Point(VacantPoint)
            .Point(ThirdsPoint, Third)
            .Holder(Point, Old, "K-0001", "山田太郎", "東京都千代田区丸の内1-1");
        for (var i = 0; i < extraRetailers; i++)
        {
            market.Retailer(RetailerCodeOf(i));
        }

        await market.SaveAsync(database);
        return harness;
    }

    public static string RetailerCodeOf(int i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"X{i:D4}");

    /// <summary>A service on a context of its own (as each request gets).</summary>
    public SwitchingService Service()
    {
        var db = Database.CreateContext();
        contexts.Add(db);
        return new SwitchingService(db, Dates, Clock);
    }

    public SwitchingDbContext Context()
    {
        var db = Database.CreateContext();
        contexts.Add(db);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in contexts)
        {
            await c.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
