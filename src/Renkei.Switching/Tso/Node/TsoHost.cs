using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Hosting.InternalAuth;
using Renkei.Hosting.Observability;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso.Node;

/// <summary>
/// 一般送配電事業者 node: one area's TSO in its own process (or its own listener), with its own store (the area's
/// supply points, retailers and wheeling contracts, in the switching schema) and the TSO API (<see cref="TsoApi"/>),
/// which only the hub may call.
/// </summary>
public static class TsoHost
{
    public static WebApplication Build(TsoHostOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Area is < 1 or > 10)
        {
            throw new ArgumentException($"area must be 01 to 10, not {options.Area}", nameof(options));
        }

        Directory.CreateDirectory(options.DataDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Renkei.Switching.Tso",
            ContentRootPath = AppContext.BaseDirectory,
            Args = Renkei.Hosting.NodeHostArguments.Get(),
        });
        logging?.Invoke(builder.Logging);
        builder.AddNodeObservability(TsoRoutes.AudienceFor(options.Area), options.DataDirectory, options.Observability);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.ListenAddress, options.Port);
        });
        options.EffectiveDatabase.Register(builder.Services);
        builder.Services.AddHealthChecks().AddDbContextCheck<SwitchingDbContext>("store", tags: [NodeObservability.ReadyTag]);
        builder.Services.AddSingleton(options.Clock ?? TimeProvider.System);
        builder.Services.AddSingleton(new TsoNodeArea(options.Area));
        builder.Services.AddScoped(sp => new TsoOrderDesk(
            sp.GetRequiredService<TsoNodeArea>(), sp.GetRequiredService<SwitchingDbContext>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<WriteGate>()));
        builder.Services.AddScoped(sp => new TsoPointChanges(
            sp.GetRequiredService<TsoNodeArea>(), sp.GetRequiredService<SwitchingDbContext>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<WriteGate>()));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions.Remove("traceId"));
        builder.Services.AddInternalCallerTrust(options.Callers ?? new InternalCallerTrust { Audience = TsoRoutes.AudienceFor(options.Area) }, options.AuditDirectory);
        var app = builder.Build();
        app.UseInternalCallerProof();
        app.MapTsoApi();
        return app;
    }

    /// <summary>Applies the store's migrations (the switching schema) to the TSO's database.</summary>
    public static async Task EnsureDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        await SwitchingHost.MigrateAsync(scope.ServiceProvider.GetRequiredService<SwitchingDbContext>(), cancellationToken).ConfigureAwait(false);
    }
}
