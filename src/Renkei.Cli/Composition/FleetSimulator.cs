using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering;
using Renkei.Simulator.Fleet;
using Renkei.Simulator.HeadEnd;

namespace Renkei.Cli.Composition;

/// <summary>
/// The meters' simulator: the fleet with its fault model, the head-end's door for the metering node's re-reads
/// (the meters remember the reads the feed loses or delays; a share never answers) and the feeder posting batches
/// to the HES route, signed with the HES's key. <c>renkei demo</c> and <c>renkei serve simulator</c> compose it here.
/// </summary>
internal sealed class FleetSimulator : IAsyncDisposable
{
    private readonly MeterMemory memory;
    private HttpClient? hes;

    private FleetSimulator(MeterFleet fleet, WebApplication headEnd, RereadDesk desk, FleetFaults faults, MeterMemory memory)
    {
        this.memory = memory;
        Fleet = fleet;
        HeadEnd = headEnd;
        Desk = desk;
        Faults = faults;
    }

    public MeterFleet Fleet { get; }

    public FleetFaults Faults { get; }

    public RereadDesk Desk { get; }

    public WebApplication HeadEnd { get; }

    /// <summary>The head-end's base address (the metering node's <c>HesUrl</c>).</summary>
    public Uri HeadEndUrl => HeadEndHost.UrlOf(HeadEnd);

    /// <summary>The feeder, once <see cref="Connect"/> was called.</summary>
    public FleetFeeder Feeder { get; private set; } = null!;

    /// <summary>Starts the head-end on loopback <paramref name="port"/> (0 = any free one), trusting the metering node's public key for re-reads.</summary>
    public static async Task<FleetSimulator> StartAsync(MeterFleet fleet, int port, ECDsa meteringPublicKey, Action<ILoggingBuilder> logging, CancellationToken cancellationToken)
    {
        var faults = new FleetFaults();
        var memory = new MeterMemory();
        var desk = new RereadDesk(fleet, faults, memory);
        var headEnd = HeadEndHost.Build(
            new HeadEndHostOptions
            {
                Port = port,
                Callers = new InternalCallerTrust
                {
                    Audience = HeadEndHost.Audience,
                    Callers = [new InternalCaller(MeteringHostOptions.CallerName, meteringPublicKey, [new InternalRoute("POST", HeadEndHost.RereadsPath)])],
                },
            },
            desk,
            logging);
        var simulator = new FleetSimulator(fleet, headEnd, desk, faults, memory);
        await headEnd.StartAsync(cancellationToken).ConfigureAwait(false);
        return simulator;
    }

    /// <summary>
    /// Points the feeder at the HES route of <paramref name="meteringUrl"/>, signed with <paramref name="hesKey"/>,
    /// sending every read from <paramref name="feedStart"/> on; the feeder's refusals and recovery are reported to
    /// <paramref name="progress"/> once each.
    /// </summary>
    public FleetFeeder Connect(Uri meteringUrl, ECDsa hesKey, DateTimeOffset feedStart, TimeProvider clock, TextWriter progress)
    {
        var signer = new InternalCallerSigner(hesKey, MeteringCallers.HesName, TimeProvider.System);
        hes = new HttpClient(new InternalCallerHandler(signer, MeteringHostOptions.Audience) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = meteringUrl,
            Timeout = TimeSpan.FromMinutes(5),
        };
        Feeder = new FleetFeeder(new FleetFeed(Fleet, feedStart, Faults) { Memory = memory }, hes, clock) { Rereads = Desk };

        // The operator hears of the HES refusing once when it starts and once when it takes batches again.
        Feeder.TryFailed += (error, wait) =>
        {
            if (Feeder.FailingFor == 1)
            {
                progress.WriteLine($"fleet      the HES did not take a batch ({error.Message}); kept and sent again with backoff");
            }
        };
        Feeder.Recovered += tries => progress.WriteLine($"fleet      the HES takes batches again after {tries} failed tries");
        return Feeder;
    }

    public async ValueTask DisposeAsync()
    {
        await HeadEnd.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await HeadEnd.DisposeAsync().ConfigureAwait(false);
        hes?.Dispose();
    }
}
