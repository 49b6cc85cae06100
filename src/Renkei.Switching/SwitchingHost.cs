using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Api;
using Renkei.Switching.Store;

namespace Renkei.Switching;

/// <summary>Builds the switching node: the SQLite store and the internal API on loopback.</summary>
public static class SwitchingHost
{
    public static void AddSwitchingStore(this IServiceCollection services, string databasePath)
    {
        services.AddDbContext<SwitchingDbContext>(o => o.UseSqlite($"Data Source={databasePath};Pooling=True"));
        services.AddScoped<SwitchingStore>();
    }

    /// <summary>Creates the database schema if the file is new.</summary>
    public static async Task EnsureDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
    }

    public static WebApplication Build(SwitchingHostOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Renkei.Switching",
            ContentRootPath = AppContext.BaseDirectory,
        });
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Services.AddSwitchingStore(options.DatabasePath);

        // Loopback is not enough: only callers that prove they are the gateway get through.
        builder.Services.AddInternalCallerTrust(options.Callers);
        var app = builder.Build();
        app.UseInternalCallerProof();
        app.MapSwitchingApi();
        return app;
    }
}
