using Npgsql;
using Renkei.Switching;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tests.Support;

/// <summary>A fresh, migrated switching database for one test: a SQLite file, or a PostgreSQL database.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "RENKEI_TEST_POSTGRES";

    public abstract SwitchingDatabase Database { get; }

    public SwitchingDbContext CreateContext() => Database.CreateContext();

    public async Task MigrateAsync()
    {
        await using var db = CreateContext();
        await SwitchingHost.MigrateAsync(db);
    }

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "renkei-switching-tests", Guid.NewGuid().ToString("N"));

    public SqliteTestDatabase()
    {
        Directory.CreateDirectory(directory);
        Database = SwitchingDatabase.SqliteFile(Path.Combine(directory, "switching.db"));
    }

    public override SwitchingDatabase Database { get; }

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A database of its own on the server named by RENKEI_TEST_POSTGRES (created, then dropped).</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string server;
    private readonly string name = "renkei_t_" + Guid.NewGuid().ToString("N")[..16];

    private PostgresTestDatabase(string server)
    {
        this.server = server;
        Database = SwitchingDatabase.Postgres(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public override SwitchingDatabase Database { get; }

    /// <summary>Creates the database, or skips the test when RENKEI_TEST_POSTGRES is not set.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        Skip.If(string.IsNullOrEmpty(server), $"{PostgresVariable} is not set (source .ci/postgres.sh to run the PostgreSQL tests)");
        var db = new PostgresTestDatabase(server!);
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {db.name}", connection);
        await create.ExecuteNonQueryAsync();
        return db;
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        // Cleanup only: a database that cannot be dropped now (e.g. a server process still attached) is left behind
        // rather than failing a test that passed.
        try
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (PostgresException)
        {
        }
    }
}
