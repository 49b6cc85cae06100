using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Calendar;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.Correction;
using Renkei.Switching.Applications.Deadlines;
using Renkei.Switching.Applications.IF_10210_UsageInformation;
using Renkei.Switching.Applications.IF_10310_UsageValues;
using Renkei.Switching.Applications.IF_10410_MoveIn;
using Renkei.Switching.Applications.IF_10510_MoveOut;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.IF_11110_Changes;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Applications.Queries;
using Renkei.Switching.Applications.Withdrawal;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;

namespace Renkei.Switching.Tests.Support;

/// <summary>A migrated database with the standard test market, a fixed clock, and the hub's handlers, each on a fresh context (as each request gets).</summary>
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
    private readonly List<AsyncServiceScope> scopes = [];
    private readonly Dictionary<TsoDirectory, ServiceProvider> providers = [];

    private Harness(TestDatabase database)
    {
        Database = database;
    }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    internal SwitchingDates Dates { get; } = new(BusinessCalendar.JapanDefault);

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

    /// <summary>
    /// A handler (or any of the hub's application services) in a scope of its own, on a context of its own, composed
    /// as the node composes them; <paramref name="tsos"/> routes areas to TSOs (all ten in-process by default).
    /// </summary>
    internal T Get<T>(TsoDirectory? tsos = null)
        where T : notnull
    {
        tsos ??= TsoDirectory.AllAreas;
        if (!providers.TryGetValue(tsos, out var provider))
        {
            var services = new ServiceCollection();
            services.AddScoped(_ => Database.CreateContext());
            services.AddSingleton(Dates);
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(tsos);
            services.AddSwitchingApplications();
            provider = services.BuildServiceProvider();
            providers[tsos] = provider;
        }

        var scope = provider.CreateAsyncScope();
        scopes.Add(scope);
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    internal SwitchInHandler SwitchIns => Get<SwitchInHandler>();

    internal SwitchOutHandler SwitchOuts => Get<SwitchOutHandler>();

    internal MoveInHandler MoveIns => Get<MoveInHandler>();

    internal MoveOutHandler MoveOuts => Get<MoveOutHandler>();

    internal CustomerDetailsHandler CustomerDetails => Get<CustomerDetailsHandler>();

    internal AmpereChangeHandler AmpereChanges => Get<AmpereChangeHandler>();

    internal UsageInformationHandler Usage => Get<UsageInformationHandler>();

    internal UsageValuesQuery UsageValues => Get<UsageValuesQuery>();

    internal RelayRegistrationHandler Relays => Get<RelayRegistrationHandler>();

    internal RelayWithdrawalHandler RelayWithdrawals => Get<RelayWithdrawalHandler>();

    internal RelayDecisionHandler RelayDecisions => Get<RelayDecisionHandler>();

    internal CorrectionHandler Corrections => Get<CorrectionHandler>();

    internal WithdrawalHandler Withdrawals => Get<WithdrawalHandler>();

    internal DeadlineHandler Deadlines => Get<DeadlineHandler>();

    internal ApplicationQueries Queries => Get<ApplicationQueries>();

    internal NotificationQueue Notifications => Get<NotificationQueue>();

    public SwitchingDbContext Context()
    {
        var db = Database.CreateContext();
        contexts.Add(db);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }

        foreach (var provider in providers.Values)
        {
            await provider.DisposeAsync();
        }

        foreach (var c in contexts)
        {
            await c.DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
