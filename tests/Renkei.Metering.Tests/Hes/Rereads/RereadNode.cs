using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Hosting.InternalAuth;
using Renkei.Metering.Engine;
using Renkei.Metering.Hes.Rereads;
using Renkei.Metering.Registry;
using Renkei.Simulator.Fleet;
using Renkei.Simulator.HeadEnd;

namespace Renkei.Metering.Tests.Hes.Rereads;

/// <summary>
/// A real metering node and the simulator's fleet and head-end, talking over loopback HTTP with caller proofs both
/// ways: the feeder posts reads to the node's HES door, the node posts re-read requests to <see cref="HesUrl"/>.
/// The fake clock stands at <see cref="Day"/> 00:00 JST; only the test moves it, feeds and closes.
/// </summary>
internal sealed class RereadNode : IAsyncDisposable
{
    public static readonly DateOnly Day = new(2026, 6, 10);

    private readonly ECDsa meteringKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa hesKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly HttpClient hesClient;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-reread-tests", Guid.NewGuid().ToString("N"));

    private RereadNode(MeterFleet fleet, FleetFaults faults, Uri? hesUrl, bool startHeadEnd, TimeSpan timeout)
    {
        Fleet = fleet;
        Faults = faults;
        Clock = new FakeTimeProvider(Jst.StartOfDay(Day));
        Memory = new MeterMemory();
        Desk = new RereadDesk(fleet, faults, Memory);
        if (startHeadEnd)
        {
            HeadEnd = HeadEndHost.Build(
                new HeadEndHostOptions
                {
                    Callers = new InternalCallerTrust
                    {
                        Audience = HeadEndHost.Audience,
                        Callers = [new InternalCaller(MeteringHostOptions.CallerName, InternalCallerKey.PublicOnly(meteringKey), [new InternalRoute("POST", HeadEndHost.RereadsPath)])],
                    },
                },
                Desk,
                l => l.ClearProviders());
            HeadEnd.StartAsync().GetAwaiter().GetResult();
            hesUrl = HeadEndHost.UrlOf(HeadEnd);
        }

        HesUrl = hesUrl!;
        var registry = new MeterRegistry();
        foreach (var m in fleet.Meters)
        {
            registry.Add(new MeterInstallation(m.SupplyPointId, m.MeterId, m.Multiplier, m.RegisterDigits, Jst.StartOfDay(Day.AddDays(-1)), m.InitialRegister, m.MaxPerSlot, m.HasSolar));
        }

        App = MeteringHost.Build(
            new MeteringHostOptions
            {
                DataDirectory = folder,
                FirstSlotToClose = new Slot(Day, 1),
                Engine = new IntervalEngineOptions { Partitions = 2 },
                HesUrl = HesUrl,

                // The closer runs only when the test says: its clock loop would close slots between the test's steps.
                HoldSlotClosing = true,
                RereadTimeout = timeout,
                CallerKey = meteringKey,
                Callers = new InternalCallerTrust
                {
                    Audience = MeteringHostOptions.Audience,
                    Callers = [new InternalCaller("hes", InternalCallerKey.PublicOnly(hesKey), [new InternalRoute("POST", "/internal/v1/hes/reads"), new InternalRoute("GET", "/internal/v1/slots/")])],
                },
            },
            registry,
            Clock,
            l => l.ClearProviders());
        App.StartAsync().GetAwaiter().GetResult();
        hesClient = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(hesKey, "hes", TimeProvider.System), MeteringHostOptions.Audience) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = new Uri(App.Urls.First() + "/"),
        };
        Feeder = new FleetFeeder(new FleetFeed(fleet, Jst.StartOfDay(Day), faults) { Memory = Memory }, hesClient, Clock) { Rereads = Desk };
    }

    public MeterFleet Fleet { get; }

    /// <summary>A client of the node's internal API (the HES's proof; it may also read the slot timelines).</summary>
    public HttpClient Api => hesClient;

    public FleetFaults Faults { get; }

    public FakeTimeProvider Clock { get; }

    public MeterMemory Memory { get; }

    public RereadDesk Desk { get; }

    public WebApplication? HeadEnd { get; }

    public Uri HesUrl { get; }

    public WebApplication App { get; }

    public FleetFeeder Feeder { get; }

    public IntervalEngine Engine => App.Services.GetRequiredService<IntervalEngine>();

    public SlotCloser Closer => App.Services.GetRequiredService<SlotCloser>();

    public RereadLoop Loop => App.Services.GetRequiredService<RereadLoop>();

    public RereadBook Book => App.Services.GetRequiredService<RereadBook>();

    /// <summary>A node and a head-end of the simulator answering re-reads.</summary>
    public static RereadNode WithHeadEnd(int meters, FleetFaults faults) =>
        new(MeterFleet.Create(meters, TsoArea.Tokyo, seed: 7), faults, null, startHeadEnd: true, TimeSpan.FromSeconds(30));

    /// <summary>A node whose head-end is at <paramref name="hesUrl"/> (a listener of the test's own).</summary>
    public static RereadNode WithHeadEndAt(int meters, FleetFaults faults, Uri hesUrl, TimeSpan timeout) =>
        new(MeterFleet.Create(meters, TsoArea.Tokyo, seed: 7), faults, hesUrl, startHeadEnd: false, timeout);

    /// <summary>Moves the clock to slot <paramref name="slot"/>'s cutoff and feeds every boundary up to it.</summary>
    public async Task FeedToCutoffOfAsync(int slot)
    {
        var target = new Slot(Day, slot).End + TimeSpan.FromMinutes(5);
        Clock.SetUtcNow(target);
        await Feeder.CatchUpAsync(CancellationToken.None);
    }

    /// <summary>Closes what is due and waits until the re-read round of each slot published has run.</summary>
    public async Task<int> CloseAndRereadAsync()
    {
        var next = Closer.NextToClose;
        var rounds = new List<(Slot Slot, TaskCompletionSource Done)>();
        for (var s = next; s.End + TimeSpan.FromMinutes(5) <= Clock.GetUtcNow(); s = s.Next())
        {
            rounds.Add((s, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        void OnRound(Slot s) => rounds.Find(r => r.Slot == s).Done?.TrySetResult();
        Loop.RoundDone += OnRound;
        try
        {
            var closed = Closer.CatchUp();
            await Task.WhenAll(rounds.Select(r => r.Done.Task)).WaitAsync(TimeSpan.FromSeconds(60));
            return closed;
        }
        finally
        {
            Loop.RoundDone -= OnRound;
        }
    }

    /// <summary>The reads the fleet's feed withheld at the end of <paramref name="slot"/> (lost or late): the ones the node misses at its cutoff.</summary>
    public List<(FleetMeter Meter, bool Export)> WithheldAtEndOf(int slot)
    {
        var at = new Slot(Day, slot).End;
        var withheld = new List<(FleetMeter, bool)>();
        foreach (var m in Fleet.Meters)
        {
            for (var d = 0; d < (m.HasSolar ? 2 : 1); d++)
            {
                if (Memory.TryRecall(m.MeterId, at, d == 1, out _))
                {
                    withheld.Add((m, d == 1));
                }
            }
        }

        return withheld;
    }

    public async ValueTask DisposeAsync()
    {
        hesClient.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (HeadEnd is not null)
        {
            await HeadEnd.StopAsync();
            await HeadEnd.DisposeAsync();
        }

        meteringKey.Dispose();
        hesKey.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
