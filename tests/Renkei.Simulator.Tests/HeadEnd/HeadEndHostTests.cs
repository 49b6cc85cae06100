using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Api.Metering;
using Renkei.Hosting.InternalAuth;
using Renkei.Simulator.Fleet;
using Renkei.Simulator.HeadEnd;

namespace Renkei.Simulator.Tests.HeadEnd;

/// <summary>The head-end's re-read door over real HTTP: who may call it, what it answers, and the fault model's silent meters.</summary>
public sealed class HeadEndHostTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 0, 0, 0, Jst.Offset);

    [Fact]
    public void NeverAnsweringMeters_AreTheConfiguredShare_DeterministicBySeed()
    {
        var faults = new FleetFaults(NeverAnswersRereadPer10000: 2_000);
        var seven = Enumerable.Range(0, 20_000).Where(i => faults.NeverAnswersReread(7, i)).ToList();
        var again = Enumerable.Range(0, 20_000).Where(i => faults.NeverAnswersReread(7, i)).ToList();
        var eight = Enumerable.Range(0, 20_000).Where(i => faults.NeverAnswersReread(8, i)).ToList();

        Assert.Equal(seven, again);
        Assert.NotEqual(seven, eight);
        Assert.InRange(seven.Count, 3_600, 4_400);
        Assert.DoesNotContain(Enumerable.Range(0, 20_000), i => FleetFaults.None.NeverAnswersReread(7, i));
    }

    [Fact]
    public async Task Reread_AnswersTheReadsTheMetersHold_AndOnlyForTheTrustedCaller()
    {
        var fleet = MeterFleet.Create(400, TsoArea.Tokyo, seed: 3);
        var faults = new FleetFaults(LostPer10000: 2_000, LatePer10000: 0, NeverAnswersRereadPer10000: 3_000);
        var memory = new MeterMemory();
        var feed = new FleetFeed(fleet, Start, faults) { Memory = memory };
        var sent = new System.Text.StringBuilder();
        feed.WriteNext(sent);
        var sentLines = sent.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();

        // Ask for every import read at the boundary: the delivered ones are not held, the lost ones are unless the meter never answers.
        var items = fleet.Meters.Select(m => new RereadItem(m.MeterId, Start, "import")).ToList();
        var lost = fleet.Meters.Where(m => memory.TryRecall(m.MeterId, Start, false, out _)).ToList();
        var answering = lost.Where(m => !faults.NeverAnswersReread(fleet.Seed, m.Ordinal)).ToList();
        Assert.NotEmpty(answering);
        Assert.NotEqual(lost.Count, answering.Count);

        using var metering = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var desk = new RereadDesk(fleet, faults, memory);
        await using var app = HeadEndHost.Build(
            new HeadEndHostOptions
            {
                Callers = new InternalCallerTrust
                {
                    Audience = HeadEndHost.Audience,
                    Callers = [new InternalCaller("metering", InternalCallerKey.PublicOnly(metering), [new InternalRoute("POST", HeadEndHost.RereadsPath)])],
                },
            },
            desk,
            l => l.ClearProviders());
        await app.StartAsync();
        var url = HeadEndHost.UrlOf(app);
        using var trusted = Client(metering, url);
        using var unknown = Client(stranger, url);

        using (var refused = await unknown.PostAsJsonAsync("internal/v1/hes/rereads", new RereadRequest(items)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var bad = await trusted.PostAsJsonAsync("internal/v1/hes/rereads", new RereadRequest([new RereadItem("M000000001", Start, "both")])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("reads[0].direction", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, desk.Requested);
        using var response = await trusted.PostAsJsonAsync("internal/v1/hes/rereads", new RereadRequest(items));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ack = await response.Content.ReadFromJsonAsync<RereadAcknowledgement>();
        Assert.Equal(new RereadAcknowledgement(items.Count, answering.Count, items.Count - answering.Count), ack);

        // The answered reads are lines of the reads file with the registers the feed withheld.
        var lines = new System.Text.StringBuilder();
        Assert.Equal(answering.Count, desk.DrainInto(lines));
        var answered = lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(answering.Select(m => m.MeterId), answered.Select(l => l.Split(',')[0]));
        Assert.All(answered, l => Assert.DoesNotContain(l, sentLines));
        Assert.Equal(0, desk.Waiting);
    }

    private static HttpClient Client(ECDsa key, Uri url) =>
        new(new InternalCallerHandler(new InternalCallerSigner(key, "metering", TimeProvider.System), HeadEndHost.Audience) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = url,
        };
}
