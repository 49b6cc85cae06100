using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Renkei.Hosting.Cluster;

namespace Renkei.Gateway.Store;

/// <summary>
/// Where the gateway keeps its store: <c>gateway.db</c> (SQLite) in the data folder, or a PostgreSQL database that
/// several gateway instances share (<see cref="GatewayHostOptions.Postgres"/>): clients, tokens and authorisations,
/// staff accounts, webhooks, the token keys and the data-protection keys.
/// </summary>
internal sealed class GatewayStore(string sqlitePath, string? postgres)
{
    /// <summary>The store of a gateway whose data folder is <paramref name="dataDirectory"/>.</summary>
    public static GatewayStore For(string dataDirectory, string? postgres) => new(Path.Combine(dataDirectory, "gateway.db"), postgres);

    /// <summary>The advisory lock under which an instance creates the schema and registers clients at start.</summary>
    public const string StartLockName = "renkei.gateway.start";

    public string SqlitePath => sqlitePath;

    /// <summary>True on PostgreSQL: other instances may share the store.</summary>
    public bool IsShared => postgres is not null;

    public string? Postgres => postgres;

    public void Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (postgres is not null)
        {
            options.UseNpgsql(postgres);
        }
        else
        {
            options.UseSqlite($"Data Source={SqlitePath}");
        }

        options.UseOpenIddict();
    }

    public GatewayDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<GatewayDbContext>();
        Configure(options);
        return new GatewayDbContext(options.Options);
    }

    /// <summary>A new, unopened connection for plain SQL (the staff accounts).</summary>
    public DbConnection CreateConnection() => postgres is not null
        ? new NpgsqlConnection(postgres)
        : new SqliteConnection($"Data Source={SqlitePath};Pooling=False");

    /// <summary>
    /// Runs <paramref name="work"/> while no other instance runs its own: on PostgreSQL under the advisory lock
    /// <see cref="StartLockName"/> (two instances starting at once would both create tables and register clients);
    /// on SQLite directly (one process).
    /// </summary>
    public async Task ExclusiveAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (postgres is null)
        {
            await work().ConfigureAwait(false);
            return;
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", AdvisoryLockTurn.KeyOf(StartLockName));
            await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Closing the unpooled session releases the lock, whatever happens in the work.
        await work().ConfigureAwait(false);
    }
}
