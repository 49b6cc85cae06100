using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Renkei.Switching.Store;

/// <summary>Which database the switching store runs on, chosen by configuration.</summary>
public sealed record SwitchingDatabase(SwitchingDatabaseProvider Provider, string ConnectionString)
{
    public static SwitchingDatabase SqliteFile(string path) => new(SwitchingDatabaseProvider.Sqlite, $"Data Source={path};Pooling=True");

    public static SwitchingDatabase Postgres(string connectionString) => new(SwitchingDatabaseProvider.Postgres, connectionString);

    /// <summary>Parses "sqlite" or "postgres" (as on the command line).</summary>
    public static SwitchingDatabaseProvider ParseProvider(string name) => name.ToUpperInvariant() switch
    {
        "SQLITE" => SwitchingDatabaseProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" => SwitchingDatabaseProvider.Postgres,
        _ => throw new ArgumentException($"unknown database '{name}'; expected sqlite or postgres", nameof(name)),
    };

    /// <summary>Registers the store's context for this database: <see cref="SwitchingDbContext"/> resolves to it.</summary>
    public void Register(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Pooled contexts: a request takes a reset context from the pool instead of building one (and its services).
        if (Provider == SwitchingDatabaseProvider.Sqlite)
        {
            // WAL with synchronous=NORMAL: a commit does not fsync inside the write lock; WalGroupSync fsyncs the WAL
            // once for every group of commits before their requests are answered (group commit).
            var pragmas = new SqlitePragmas("NORMAL");
            services.AddDbContextPool<SqliteSwitchingDbContext>(o => o.UseSqlite(ConnectionString).AddInterceptors(pragmas));
            services.AddSingleton<WriteGate>();
            services.AddSingleton(new WalGroupSync(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource));
            services.AddScoped<SwitchingDbContext>(sp => sp.GetRequiredService<SqliteSwitchingDbContext>());
        }
        else
        {
            services.AddDbContextPool<PostgresSwitchingDbContext>(o => o.UseNpgsql(NodeConnectionString(ConnectionString)));
            services.AddScoped<SwitchingDbContext>(sp => sp.GetRequiredService<PostgresSwitchingDbContext>());
        }
    }

    /// <summary>
    /// The node's PostgreSQL connection settings, unless the connection string sets them: statements the node runs
    /// again and again are prepared on each pooled connection (<c>Max Auto Prepare</c>), so the server parses and plans
    /// them once instead of on every request; and a connection going back to the pool is not reset
    /// (<c>No Reset On Close</c>): the node changes no session state, and the reset cost a statement batch of its own
    /// on every request. See docs/performance.md, "The switching write path".
    /// </summary>
    public static string NodeConnectionString(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>A context outside dependency injection (tests, tools, the bench).</summary>
    public SwitchingDbContext CreateContext() => Provider == SwitchingDatabaseProvider.Sqlite
        ? new SqliteSwitchingDbContext(new DbContextOptionsBuilder<SqliteSwitchingDbContext>().UseSqlite(ConnectionString).Options)
        : new PostgresSwitchingDbContext(new DbContextOptionsBuilder<PostgresSwitchingDbContext>().UseNpgsql(ConnectionString).Options);
}

public enum SwitchingDatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Design-time factory for <c>dotnet ef migrations add ... --context SqliteSwitchingDbContext</c>.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSwitchingDbContext>
{
    public SqliteSwitchingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSwitchingDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Design-time factory for <c>dotnet ef migrations add ... --context PostgresSwitchingDbContext</c>.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSwitchingDbContext>
{
    public PostgresSwitchingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSwitchingDbContext>().UseNpgsql("Host=127.0.0.1;Database=renkei_design").Options);
}
