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
    private readonly TimeSpan timeout;
    private readonly FleetFeed feed;
    private readonly Dictionary<(string MeterId, long At, string Direction), int> asked = [];
    private readonly Lock askedGate = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-reread-tests", Guid.NewGuid().ToString("N"));
    private HttpClient hesClient;

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
        this.timeout = timeout;
        feed = new FleetFeed(fleet, Jst.StartOfDay(Day), faults) { Memory = Memory };
        Desk.Taken += r =>
        {
            lock (askedGate)
            {
                foreach (var item in r.Reads)
                {
                    var key = (item.MeterId, item.ReadAt.UtcTicks, item.Direction);
                    asked[key] = asked.GetValueOrDefault(key) + 1;
                }
            }
        };
        (App, hesClient, Feeder) = Start();
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

    public WebApplication App { get; private set; }

    public FleetFeeder Feeder { get; private set; }

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

    /// <summary>How many times the head-end was asked for the read of <paramref name="meterId"/> at <paramref name="at"/>.</summary>
    public int TimesAsked(string meterId, DateTimeOffset at, string direction = "import")
    {
        lock (askedGate)
        {
            return asked.GetValueOrDefault((meterId, at.UtcTicks, direction));
        }
    }

    /// <summary>Stops the node and starts it again on the same data folder (the fleet, clock and head-end go on).</summary>
    public async Task RestartAsync()
    {
        hesClient.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        (App, hesClient, Feeder) = Start();
    }

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
            // After a restart the slots published before it are not closed again, and get no round of their own.
            if (Engine.IsPublished(s))
            {
                continue;
            }

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

    /// <summary>The reads the fleet's feed withheld (lost or late) at the boundaries <paramref name="instants"/>: the ones the node misses at a cutoff.</summary>
    public List<(FleetMeter Meter, bool Export, DateTimeOffset At)> WithheldAt(params DateTimeOffset[] instants)
    {
        var withheld = new List<(FleetMeter, bool, DateTimeOffset)>();
        foreach (var at in instants)
        {
            foreach (var m in Fleet.Meters)
            {
                for (var d = 0; d < (m.HasSolar ? 2 : 1); d++)
                {
                    if (Memory.TryRecall(m.MeterId, at, d == 1, out _))
                    {
                        withheld.Add((m, d == 1, at));
                    }
                }
            }
        }

        return withheld;
    }

    private (WebApplication App, HttpClient Client, FleetFeeder Feeder) Start()
    {
        var registry = new MeterRegistry();
        foreach (var m in Fleet.Meters)
        {
            registry.Add(new MeterInstallation(m.SupplyPointId, m.MeterId, m.Multiplier, m.RegisterDigits, Jst.StartOfDay(Day.AddDays(-1)), m.InitialRegister, m.MaxPerSlot, m.HasSolar));
        }

        var app = MeteringHost.Build(
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
        app.StartAsync().GetAwaiter().GetResult();
        var client = new HttpClient(new InternalCallerHandler(new InternalCallerSigner(hesKey, "hes", TimeProvider.System), MeteringHostOptions.Audience) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = new Uri(app.Urls.First() + "/"),
        };
        return (app, client, new FleetFeeder(feed, client, Clock) { Rereads = Desk });
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
