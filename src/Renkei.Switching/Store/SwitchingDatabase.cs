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
            services.AddDbContextPool<PostgresSwitchingDbContext>(o => o.UseNpgsql(ConnectionString));
            services.AddScoped<SwitchingDbContext>(sp => sp.GetRequiredService<PostgresSwitchingDbContext>());
        }
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
