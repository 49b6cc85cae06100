using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Time;
using Renkei.Hosting.Contracts;
using Renkei.Hosting.Http;
using Renkei.Hosting.InternalAuth;
using Renkei.Hosting.Observability;
using Renkei.Metering.Api;
using Renkei.Metering.Engine;
using Renkei.Metering.History;
using Renkei.Metering.Ingest;
using Renkei.Metering.Observability;
using Renkei.Metering.Provision;
using Renkei.Metering.Registry;

namespace Renkei.Metering;

/// <summary>Builds the metering node: read log replay, engine, slot closer and the internal API on loopback.</summary>
public static partial class MeteringHost
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
            Args = Renkei.Hosting.NodeHostArguments.Get(),
        });
        logging?.Invoke(builder.Logging);
        builder.AddNodeObservability("metering", options.DataDirectory, options.Observability);

        // As in the gateway: with the hosting diagnostics logger enabled at any level, ASP.NET Core starts an Activity
        // (and a trace ID string) for every request; it only logs request start and finish (Information), and nothing
        // here collects traces. Errors are still logged by Kestrel and the host.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        // Internal zone: loopback only, never a public interface.
        // No Server header: the gateway relays this node's answers to retailers as they are (docs/security.md).
        var listeners = new MeteringListeners();
        builder.Services.AddSingleton(listeners);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port, l => listeners.Http1 = l);

            // The gateway's hop (MeteringHostOptions.Http2Port): HTTP/2 only, as Kestrel takes HTTP/2 without TLS
            // only by prior knowledge on an endpoint that speaks nothing else.
            if (options.Http2Port is { } http2Port)
            {
                k.Listen(IPAddress.Loopback, http2Port, l =>
                {
                    l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2;
                    listeners.Http2 = l;
                });
            }
        });

        // Registry changes accepted through the API before a restart join the registry file's meters first, so
        // every logged read finds its meter again.
        var journal = new RegistryJournal(options.DataDirectory);
        journal.ReplayInto(registry);
        IReadLog log = options.JetStream is { } stream
            ? Ingest.JetStream.JetStreamReadLog.OpenAsync(stream, registry).GetAwaiter().GetResult()
            : new FileReadLog(Path.Combine(options.DataDirectory, "readlog"));
        var history = options.Engine.History ??= new SqliteHistoryStore(Path.Combine(options.DataDirectory, "history.db"));

        // Publications are durable before retailers see them; the replay below restores them with their versions.
        options.Engine.PublicationJournal ??= Path.Combine(options.DataDirectory, "publications.log");
        var engine = new IntervalEngine(registry, clock, options.Engine);

        // The fixed-usage files' update numbers outlive the window: what they need of each revision leaving it is kept.
        var archive = new Provision.UsageRevisionArchive(Path.Combine(options.DataDirectory, Provision.UsageRevisionArchive.FileName));
        engine.RevisionsForgotten += forgotten => archive.Keep(forgotten, registry);

        // A snapshot names the log position it covers: a file offset for the file log, a stream sequence for the
        // stream. Each log keeps its snapshots apart, so a folder that changes log never replays from the other's.
        options.Engine.SnapshotDirectory ??= Path.Combine(options.DataDirectory, options.JetStream is null ? "snapshots" : "snapshots-jetstream");
        var replayFrom = engine.LoadSnapshot(options.Engine.SnapshotDirectory);
        ReadLogReplay.Replay(log, registry, engine, replayFrom);
        log.Prepare(registry);

        if (options.Leases is { } leaseOptions)
        {
            if (options.JetStream is null)
            {
                throw new ArgumentException("partition leases need the replicated read log (MeteringHostOptions.JetStream)", nameof(options));
            }

            // Opened here, as the stream is: a cluster that cannot give the bucket fails the start with IOException.
            var leases = Cluster.PartitionLeases.OpenAsync(leaseOptions).GetAwaiter().GetResult();
            builder.Services.AddSingleton(leases);
            builder.Services.AddHostedService<Cluster.PartitionLeaseService>();
            builder.Services.AddSingleton<INodeConditions, Cluster.LeaseConditions>();
            builder.Services.AddSingleton<Cluster.LeaseGauge>();
        }

        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(journal);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(options.Engine);
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(archive);
        if (options.MaxBatchesInFlight is < 1 or > MeteringHostOptions.MaxBatchesInFlightBound)
        {
            throw new ArgumentException($"MaxBatchesInFlight must be 1 to {MeteringHostOptions.MaxBatchesInFlightBound}", nameof(options));
        }

        builder.Services.AddSingleton(_ => new Hes.BatchAdmission(options.MaxBatchesInFlight));
        builder.Services.AddMeteringObservability(options.Engine.Cutoff, options.Provision.Bound);
        builder.Services.AddSingleton(sp => new Hes.ReadIngest(engine, log, registry)
        {
            Metrics = sp.GetRequiredService<MeteringMetrics>(),
            LogHealth = sp.GetRequiredService<ReadLogHealth>(),
        });
        if (options.RereadAttempts is < 1 or > 10)
        {
            throw new ArgumentException("RereadAttempts must be 1 to 10", nameof(options));
        }

        builder.Services.AddSingleton(sp => new Hes.Rereads.RereadBookFile(Path.Combine(options.DataDirectory, Hes.Rereads.RereadBookFile.FileName), sp.GetRequiredService<ILogger<Hes.Rereads.RereadBookFile>>()));
        builder.Services.AddSingleton(sp =>
        {
            // What the loop owed before a restart is owed again (with the attempts already spent).
            var book = new Hes.Rereads.RereadBook(options.RereadAttempts);
            if (options.HesUrl is not null)
            {
                sp.GetRequiredService<Hes.Rereads.RereadBookFile>().TryLoad(book, registry.Count);
            }

            return book;
        });
        if (options.HesUrl is { } hesUrl)
        {
            // After each publication, off the close path: the silent meters' reads are asked for again.
            var key = options.CallerKey ?? throw new InvalidOperationException("re-reads need the metering node's caller key (MeteringHostOptions.CallerKey)");
            var signer = new InternalCallerSigner(key, MeteringHostOptions.CallerName, TimeProvider.System);
            builder.Services.AddHttpClient(nameof(Hes.Rereads.RereadLoop), c =>
            {
                c.BaseAddress = hesUrl;
                c.Timeout = options.RereadTimeout;
            }).AddHttpMessageHandler(() => new InternalCallerHandler(signer, "hes"));
            builder.Services.AddSingleton(sp => new Hes.Rereads.RereadLoop(
                engine,
                sp.GetRequiredService<Hes.Rereads.RereadBook>(),
                sp.GetRequiredService<Hes.Rereads.RereadBookFile>(),
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(Hes.Rereads.RereadLoop)),
                sp.GetRequiredService<ILogger<Hes.Rereads.RereadLoop>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<Hes.Rereads.RereadLoop>());
        }

        builder.Services.AddSingleton(sp =>
        {
            Action<Slot, DateTimeOffset> published = sp.GetRequiredService<MeteringMetrics>().Published;
            if (sp.GetService<Hes.Rereads.RereadLoop>() is { } rereads)
            {
                // Only a write into the loop's channel: the close does not wait for the re-reads.
                published += rereads.Published;
            }

            return new SlotCloser(engine, clock, options.Engine, options.FirstSlotToClose, sp.GetRequiredService<ILogger<SlotCloser>>())
            {
                Published = published,
            };
        });
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SlotCloser>());
        builder.Services.AddSingleton<Dashboard.ReadArrivals>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Dashboard.ReadArrivals>());

        // Retailer data provision: which retailer holds which point comes from switching's contract feed.
        options.Provision.FilesDirectory ??= Path.Combine(options.DataDirectory, "files");

        // Cached files name the versions of this run; a restart keeps the publications' but re-derives the revisions
        // made after the last snapshot under new versions, so the cache starts empty (files are made again on demand).
        if (Directory.Exists(options.Provision.FilesDirectory))
        {
            Directory.Delete(options.Provision.FilesDirectory, recursive: true);
        }

        builder.Services.AddSingleton(options.Provision);
        builder.Services.AddSingleton(options.Contracts ?? new ContractReadModel());

        // The reading schedules (検針日程) cut each point's fixed usage into its reading periods (Usage/ReadingPeriods).
        builder.Services.AddSingleton(options.ReadingSchedules ?? new ReadingScheduleReadModel());
        builder.Services.AddSingleton<Usage.ReadingPeriods>();
        if (options.SwitchingUrl is { } switchingUrl)
        {
            var key = options.CallerKey ?? throw new InvalidOperationException("following the contract feed needs the metering node's caller key (MeteringHostOptions.CallerKey)");
            var signer = new InternalCallerSigner(key, MeteringHostOptions.CallerName, TimeProvider.System);
            builder.Services.AddHttpClient(nameof(ContractFeedFollower), c => c.BaseAddress = switchingUrl)
                .AddHttpMessageHandler(() => new InternalCallerHandler(signer, "switching"));
            builder.Services.AddSingleton(sp => new ContractFeedFollower(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ContractFeedFollower)),
                sp.GetRequiredService<ContractReadModel>(),
                sp.GetRequiredService<ILogger<ContractFeedFollower>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ContractFeedFollower>());
            builder.Services.AddSingleton(sp => new ReadingScheduleFeedFollower(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ContractFeedFollower)),
                sp.GetRequiredService<ReadingScheduleReadModel>(),
                sp.GetRequiredService<ILogger<ReadingScheduleFeedFollower>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ReadingScheduleFeedFollower>());
        }

        // Loopback is not enough: only callers that prove who they are (the gateway, the HES feed) get through. Each
        // refused call is audited in <data>/audit/audit.log.
        builder.Services.AddInternalCallerTrust(options.Callers, InternalCallerMiddleware.AuditDirectory(options.DataDirectory));

        // Bodies and parameters that do not bind, and bodies over the size limit, are answered problem details.
        builder.Services.AddJsonBodies();

        var app = builder.Build();
        // Observed gauges exist once created: the partitions held, in cluster mode.
        app.Services.GetService<Cluster.LeaseGauge>();
        if (options.HoldSlotClosing)
        {
            app.Services.GetRequiredService<SlotCloser>().Hold();
        }

        // Closing the stores on a full or failing disk is logged, not thrown: every acknowledged read is already in the
        // read log (each batch was flushed before it was acknowledged), so the node still stops cleanly.
        var stopLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MeteringHost).FullName!);
        if (engine.History is { } handOver)
        {
            handOver.FaultChanged = fault =>
            {
                if (fault is null)
                {
                    LogHistoryRecovered(stopLogger);
                }
                else
                {
                    LogHistoryFailing(stopLogger, fault);
                }
            };
        }

        app.Lifetime.ApplicationStopped.Register(() => CloseLogged(log, "read log", stopLogger));
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            // Slots not yet in the history store are rebuilt from the read log at the next start (no snapshot covers them).
            engine.History?.WaitUntilWritten(TimeSpan.FromSeconds(5));
            CloseLogged(history, "history store", stopLogger);
        });
        app.UseRequestProblems();
        app.UseInternalCallerProof();
        app.MapMeteringApi();
        Dashboard.OperatorApi.MapOperatorApi(app);
        app.MapRetailerDataApi();
        return app;
    }

    private static void CloseLogged(IDisposable store, string name, ILogger logger)
    {
        try
        {
            store.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            LogCloseFailed(logger, e, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The history store refuses writes; slots leaving the window wait in memory and are retried, ingest goes on")]
    private static partial void LogHistoryFailing(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The history store takes writes again")]
    private static partial void LogHistoryRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Closing the {Store} at shutdown failed; every acknowledged read is in the read log")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, string store);

    /// <summary>
    /// Brings the contract read model up to date with switching's feed before the node serves retailer data (call
    /// after <c>StartAsync</c>; the follower keeps it current every second afterwards), and the reading schedules
    /// with it. Does nothing without a feed. A contract feed that cannot be read fails the start (every retailer
    /// answer depends on it); a reading-schedule feed that cannot be read is logged and followed on: until it is
    /// read, fixed usage names the missing schedule as the reason a point's period is not providable.
    /// </summary>
    public static async Task SyncContractsAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<ContractFeedFollower>() is { } follower)
        {
            await follower.SyncAsync(cancellationToken).ConfigureAwait(false);
        }

        if (app.Services.GetService<ReadingScheduleFeedFollower>() is { } schedules)
        {
            try
            {
                await schedules.SyncAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or FormatException or System.Text.Json.JsonException)
            {
                LogSchedulesNotRead(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MeteringHost).FullName!), e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reading-schedule feed could not be read at start; fixed usage lists points without a known reading period as not providable until it is")]
    private static partial void LogSchedulesNotRead(ILogger logger, Exception exception);
}
