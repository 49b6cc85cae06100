using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Renkei.Domain.Time;
using Renkei.Simulator.Fleet;

namespace Renkei.Metering.Tests.Hes.Rereads;

/// <summary>
/// The re-read loop between a real metering node and the simulator's head-end over HTTP: the reads missing at a
/// slot's cutoff are asked for after its publication, the meters that answer come back as late reads that revise
/// the slot under new versions, a meter is asked at most the configured number of times, and a head-end that never
/// answers delays no publication.
/// </summary>
public sealed class RereadTests
{
    // One read in ten lost at each boundary, none late; a fifth of the meters never answer a re-read.
    private static readonly FleetFaults Faults = new(LostPer10000: 1_000, LatePer10000: 0, NeverAnswersRereadPer10000: 2_000);

    [Fact]
    public async Task MissingReadsAtCutoff_AreReread_AndTheAnsweredOnesReviseTheSlotUnderNewVersions()
    {
        await using var node = RereadNode.WithHeadEnd(300, Faults);
        await node.FeedToCutoffOfAsync(1);
        var withheld = node.WithheldAtEndOf(1);
        var answering = withheld.Where(w => !Faults.NeverAnswersReread(node.Fleet.Seed, w.Meter.Ordinal)).ToList();
        Assert.NotEmpty(answering);
        Assert.NotEqual(withheld.Count, answering.Count);

        Assert.Equal(1, await node.CloseAndRereadAsync());
        var slot = new Slot(RereadNode.Day, 1);
        var published = node.Engine.TimelineOf(slot).Version!.Value;

        // The head-end took the request and holds the reads the meters answered, for the feeder's next round.
        Assert.Equal(withheld.Count, node.Desk.Requested);
        Assert.Equal(answering.Count, node.Desk.Waiting);
        var before = node.Book.Report(slot, node.Engine.Gaps)!;
        Assert.Equal(new SlotRereads(withheld.Count, withheld.Count, 0, withheld.Count, 1, 2), before);

        // They arrive through the HES's ingest door as late reads: each answered meter's slot is revised.
        await node.Feeder.CatchUpAsync(CancellationToken.None);
        var after = node.Book.Report(slot, node.Engine.Gaps)!;
        Assert.Equal(new SlotRereads(withheld.Count, withheld.Count, answering.Count, withheld.Count - answering.Count, 1, 2), after);
        // The day's timeline (the operator dashboard's source) carries the same per slot.
        var day = await node.Api.GetFromJsonAsync<SlotTimeline[]>("internal/v1/slots/2026-06-10/timeline");
        Assert.Equal(after, day![0].Rereads);
        Assert.Null(day[1].Rereads);
        var revisions = node.Engine.RevisionsIn(slot);
        Assert.NotEmpty(revisions);
        Assert.All(revisions, r => Assert.True(r.Version > published));
        var revisedMeters = revisions.Select(r => node.Engine.MeterIdOf(r.Ordinal)).ToHashSet();
        Assert.Subset(answering.Select(a => a.Meter.MeterId).ToHashSet(), revisedMeters);
    }

    [Fact]
    public async Task AMeterThatNeverAnswers_IsAskedAtMostTheConfiguredTimes()
    {
        await using var node = RereadNode.WithHeadEnd(300, Faults);
        var asked = new List<int>();
        for (var s = 1; s <= 4; s++)
        {
            await node.FeedToCutoffOfAsync(s);
            await node.CloseAndRereadAsync();
            await node.Feeder.CatchUpAsync(CancellationToken.None);
        }

        // Slot 1's silent meters were asked after slot 1's and slot 2's publications, and never again.
        var slot1 = node.Book.Report(new Slot(RereadNode.Day, 1), node.Engine.Gaps)!;
        Assert.Equal(2, slot1.Requests);
        Assert.True(slot1.StillMissing > 0);

        // Each round asks for the slot's own missing reads plus the earlier slots' still missing with attempts left.
        long expected = 0;
        for (var s = 1; s <= 4; s++)
        {
            var r = node.Book.Report(new Slot(RereadNode.Day, s), node.Engine.Gaps)!;
            expected += r.Requested + (s < 4 ? r.StillMissing : 0);
        }

        Assert.Equal(expected, node.Desk.Requested);
    }

    [Fact]
    public async Task HeadEndThatNeverAnswers_DelaysNoPublication()
    {
        // A head-end that takes the connection and the request and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");
        await using var node = RereadNode.WithHeadEndAt(300, Faults, url, timeout: TimeSpan.FromMinutes(10));

        await node.FeedToCutoffOfAsync(1);
        Assert.Equal(1, node.Closer.CatchUp());
        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var request = new byte[4096];
        var got = await connection.GetStream().ReadAsync(request).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("POST /internal/v1/hes/rereads ", System.Text.Encoding.ASCII.GetString(request, 0, got), StringComparison.Ordinal);

        // While that request hangs, the next slots are published at their cutoff, with their reads.
        for (var s = 2; s <= 3; s++)
        {
            await node.FeedToCutoffOfAsync(s);
            Assert.Equal(1, node.Closer.CatchUp());
            var timeline = node.Engine.TimelineOf(new Slot(RereadNode.Day, s));
            Assert.Equal(node.Clock.GetUtcNow(), timeline.PublishedAt);
        }

        Assert.Equal(0, node.Desk.Requested);
    }
}
