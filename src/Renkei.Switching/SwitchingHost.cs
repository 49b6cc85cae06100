using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Calendar;
using Renkei.Hosting.Http;
using Renkei.Hosting.InternalAuth;
using Renkei.Hosting.Observability;
using Renkei.Switching.Api;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.Deadlines;
using Renkei.Switching.Store;
using Renkei.Switching.Tso.Hub;

namespace Renkei.Switching;

/// <summary>Builds the switching node: the store (SQLite or PostgreSQL), the hub's services and the internal API on loopback (or a private address).</summary>
public static class SwitchingHost
{
    /// <summary>The store on the SQLite file <paramref name="databasePath"/> (the default).</summary>
    public static void AddSwitchingStore(this IServiceCollection services, string databasePath) =>
        services.AddSwitchingStore(SwitchingDatabase.SqliteFile(databasePath));

    /// <summary>
    /// The store on the configured database, and the hub's services: <paramref name="areas"/> are the served areas
    /// (all ten when null); <paramref name="remoteTsos"/> the clients of those served by TSO nodes of their own (the
    /// others run in-process); <paramref name="calendar"/> the business calendar of every date rule (the shipped
    /// Japanese one when null).
    /// </summary>
    public static void AddSwitchingStore(
        this IServiceCollection services,
        SwitchingDatabase database,
        TimeProvider? clock = null,
        IReadOnlyCollection<int>? areas = null,
        IReadOnlyCollection<TsoClient>? remoteTsos = null,
        BusinessCalendar? calendar = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        database.Register(services);
        services.AddSingleton(areas is null && remoteTsos is not { Count: > 0 } ? TsoDirectory.AllAreas : new TsoDirectory(areas ?? Enumerable.Range(1, 10).ToArray(), remote: remoteTsos));
        services.AddScoped<SwitchingStore>();
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton(new SwitchingDates(calendar ?? BusinessCalendar.JapanDefault));
        services.AddSwitchingApplications();
    }

    /// <summary>Applies the store's migrations (creating the database schema on first start).</summary>
    public static async Task EnsureDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
        await MigrateAsync(db, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies the migrations of <paramref name="db"/>'s provider; on SQLite also turns on WAL.</summary>
    public static async Task MigrateAsync(SwitchingDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }

        await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
    }

    public static WebApplication Build(SwitchingHostOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Renkei.Switching",
            ContentRootPath = AppContext.BaseDirectory,
            Args = Renkei.Hosting.NodeHostArguments.Get(),
        });
        logging?.Invoke(builder.Logging);
        builder.AddNodeObservability("switching", options.DataDirectory, options.Observability);
        // No Server header: the gateway relays this node's answers to retailers as they are (docs/security.md).
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.ListenAddress, options.Port);
        });
        builder.Services.AddSwitchingStore(options.EffectiveDatabase, options.Clock, options.Areas, options.RemoteTsos, options.Calendar);
        builder.Services.AddHealthChecks().AddDbContextCheck<SwitchingDbContext>("store", tags: [NodeObservability.ReadyTag]);
        if (options.RemoteTsos is { Count: > 0 })
        {
            // The outbox to the TSO nodes: one dispatcher, run in the background unless a test drives its rounds. On
            // PostgreSQL, instances sharing the store send each area's orders one at a time (an advisory lock per area).
            var database = options.EffectiveDatabase;
            builder.Services.AddSingleton(sp => new TsoOrderDispatcher(
                sp.GetRequiredService<IServiceScopeFactory>(),
                sp.GetRequiredService<TsoDirectory>(),
                sp.GetRequiredService<ILogger<TsoOrderDispatcher>>(),
                database.Provider == SwitchingDatabaseProvider.Postgres
                    ? area => new Renkei.Hosting.Cluster.AdvisoryLockTurn(database.ConnectionString, TsoOrderDispatcher.TurnName(area))
                    : null)
            {
                PollInterval = options.TsoPollInterval,
            });
            if (options.RunTsoDispatcher)
            {
                builder.Services.AddHostedService(sp => sp.GetRequiredService<TsoOrderDispatcher>());
            }

            builder.Services.AddSingleton<Observability.OutboxWatch>();
            builder.Services.AddSingleton<INodeConditions>(sp => sp.GetRequiredService<Observability.OutboxWatch>());
            builder.Services.AddHostedService(sp => sp.GetRequiredService<Observability.OutboxWatch>());
        }

        if (options.UsageValues is not null)
        {
            builder.Services.AddSingleton(options.UsageValues);
        }
        // One way for every node: a JSON body with duplicate keys or control characters is refused, and a body or
        // parameter that does not bind is answered 400 problem details naming field, line and position
        // (Hosting/Http/JsonBodies), without the framework's traceId (it names an internal connection, and the
        // gateway passes these answers on to retailers).
        builder.Services.AddJsonBodies();
        builder.Services.AddSupplyPointSearchLimits();
        builder.Services.AddOpenApi("switching", o => o.AddOperationTransformer((operation, context, _) =>
        {
            // Every submission requires an Idempotency-Key (checked by the routes' filter, so the generator cannot see it).
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyMetadata>().Any(m => m.Use != IdempotencyKeyUse.None))
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = Api.ApplicationsApi.IdempotencyHeader,
                    In = Microsoft.OpenApi.ParameterLocation.Header,
                    Required = true,
                    Description = "1-100 characters, per retailer: a repeat with the same body returns the first result; another body 409 SW090; without it 400 (a dryRun=true needs none)",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                });
            }

            return Task.CompletedTask;
        }));
        if (options.RunDeadlineSweeper)
        {
            builder.Services.AddHostedService<DeadlineSweeper>();
        }

        // Loopback is not enough: only callers that prove they are the gateway get through. Each refused call is
        // audited in <data>/audit/audit.log.
        builder.Services.AddInternalCallerTrust(options.Callers, InternalCallerMiddleware.AuditDirectory(options.DataDirectory));
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseRequestProblems();
        app.UseInternalCallerProof();
        app.UseRateLimiter();
        app.MapSwitchingApi();
        app.MapApplicationsApi();
        app.MapSupplyPointsApi();
        app.MapOperatorApi();
        app.MapOpenApi("/internal/v1/openapi/{documentName}.json");
        return app;
    }
}
