using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering.Api;
using Renkei.Metering.Engine;
using Renkei.Metering.History;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering;

/// <summary>Builds the metering node: read log replay, engine, slot closer and the internal API on loopback.</summary>
public static class MeteringHost
{
    public static WebApplication Build(MeteringHostOptions options, MeterRegistry registry, TimeProvider clock, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(clock);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Renkei.Metering",
            ContentRootPath = AppContext.BaseDirectory,
        });
        logging?.Invoke(builder.Logging);

        // Internal zone: loopback only, never a public interface.
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));

        // Registry changes accepted through the API before a restart join the registry file's meters first, so
        // every logged read finds its meter again.
        var journal = new RegistryJournal(options.DataDirectory);
        journal.ReplayInto(registry);
        var log = new FileReadLog(Path.Combine(options.DataDirectory, "readlog"));
        var history = options.Engine.History ??= new SqliteHistoryStore(Path.Combine(options.DataDirectory, "history.db"));
        var engine = new IntervalEngine(registry, log, clock, options.Engine);
        options.Engine.SnapshotDirectory ??= Path.Combine(options.DataDirectory, "snapshots");
        var replayFrom = engine.LoadSnapshot(options.Engine.SnapshotDirectory);
        ReadLogReplay.Replay(log, registry, engine, replayFrom);

        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(journal);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(options.Engine);
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(sp => new SlotCloser(
            engine, clock, options.Engine, options.FirstSlotToClose, sp.GetRequiredService<ILogger<SlotCloser>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SlotCloser>());
        builder.Services.AddSingleton<Dashboard.ReadArrivals>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Dashboard.ReadArrivals>());

        // Loopback is not enough: only callers that prove who they are (the gateway, the HES feed) get through.
        builder.Services.AddInternalCallerTrust(options.Callers);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(log.Dispose);
        app.Lifetime.ApplicationStopped.Register(history.Dispose);
        app.UseInternalCallerProof();
        app.MapMeteringApi();
        Dashboard.OperatorApi.MapOperatorApi(app);
        return app;
    }
}
