namespace Renkei.Switching.Tests.Support;

/// <summary>
/// The base of the tests that run the hub over a real store, once per database: each such test class is abstract,
/// with a SQLite subclass and a PostgreSQL one (skipped unless <see cref="TestDatabase.PostgresVariable"/> names a
/// server) that say which store <see cref="CreateDatabaseAsync"/> makes.
/// </summary>
public abstract class StoreTests
{
    /// <summary>A switch date the standard processing period allows from <see cref="Harness.Start"/>.</summary>
    protected static readonly DateOnly Dec15 = new(2026, 12, 15);

    /// <summary>A move-in's start on the day of <see cref="Harness.Start"/>.</summary>
    protected static readonly DateOnly MoveInDate = new(2026, 11, 27);

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    /// <summary>A hub over a new store of this class's database.</summary>
    protected async Task<Harness> StartAsync() => await Harness.StartAsync(await CreateDatabaseAsync());

    /// <summary>A complete 廃止取次 registration (IS_20110) for <see cref="Harness.Point"/>.</summary>
    protected static RelayRegistrationRequest Relay(DateOnly wished) =>
        new(Harness.Point, "K-0001", "山田太郎", "ヤマダタロウ", "東京都千代田区丸の内1-1", wished, "佐藤", "03-1234-5678");
}
