using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Renkei.Domain.Identifiers;
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
        var slot = new Slot(RereadNode.Day, 1);

        // A value of slot 1 lacks a read when its read at the slot's start or end was withheld.
        var reads = node.WithheldAt(slot.Start, slot.End);
        var values = reads.Select(r => (r.Meter, r.Export)).Distinct().ToList();
        var answering = values.Where(w => !Faults.NeverAnswersReread(node.Fleet.Seed, w.Meter.Ordinal)).ToList();
        Assert.NotEmpty(answering);
        Assert.NotEqual(values.Count, answering.Count);

        Assert.Equal(1, await node.CloseAndRereadAsync());
        var published = node.Engine.TimelineOf(slot).Version!.Value;

        // The head-end took the request (every absent read once) and holds the reads the meters answered, for the feeder's next round.
        Assert.Equal(reads.Count, node.Desk.Requested);
        Assert.Equal(reads.Count(r => !Faults.NeverAnswersReread(node.Fleet.Seed, r.Meter.Ordinal)), node.Desk.Waiting);
        var before = node.Book.Report(slot, node.Engine.Gaps)!;
        Assert.Equal(new SlotRereads(values.Count, values.Count, 0, values.Count, 1, 2), before);

        // They arrive through the HES's ingest door as late reads: each answered meter's slot is revised.
        await node.Feeder.CatchUpAsync(CancellationToken.None);
        var after = node.Book.Report(slot, node.Engine.Gaps)!;
        Assert.Equal(new SlotRereads(values.Count, values.Count, answering.Count, values.Count - answering.Count, 1, 2), after);
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

        // A read is asked at the publication of the first slot it ends and at the next one: boundaries 0 to 3 twice
        // (each ends two slots, yet counts its attempts once), boundary 4 (only slot 4 published after it) once.
        var silent = Enumerable.Range(0, 5)
            .SelectMany(b => node.WithheldAt(new Slot(RereadNode.Day, 1).Start.AddMinutes(30 * b)))
            .Where(r => Faults.NeverAnswersReread(node.Fleet.Seed, r.Meter.Ordinal))
            .ToList();
        Assert.NotEmpty(silent);
        var boundary4 = new Slot(RereadNode.Day, 4).End;
        Assert.All(silent, r => Assert.Equal(r.At == boundary4 ? 1 : 2, node.TimesAsked(r.Meter.MeterId, r.At, r.Export ? "export" : "import")));
        var asked = node.WithheldAt([.. Enumerable.Range(0, 5).Select(b => new Slot(RereadNode.Day, 1).Start.AddMinutes(30 * b))])
            .Sum(r => node.TimesAsked(r.Meter.MeterId, r.At, r.Export ? "export" : "import"));
        Assert.Equal(asked, node.Desk.Requested);
    }

    [Fact]
    public async Task AMeterSilentForSeveralSlots_IsAskedForEverySlotOfIt_AndEachSlotCountsIt()
    {
        // Two meters without export silent at the ends of slots 1 to 3: one never answers a re-read, one does.
        var fleet = MeterFleet.Create(300, TsoArea.Tokyo, seed: 7);
        var mute = fleet.Meters.First(m => !m.HasSolar && Faults.NeverAnswersReread(fleet.Seed, m.Ordinal));
        var answers = fleet.Meters.First(m => !m.HasSolar && !Faults.NeverAnswersReread(fleet.Seed, m.Ordinal));
        var first = new Slot(RereadNode.Day, 1).End;
        var faults = new FleetFaults(0, 0, Faults.NeverAnswersRereadPer10000) { Silent = [(mute.Ordinal, first, 3), (answers.Ordinal, first, 3)] };
        await using var node = RereadNode.WithHeadEnd(300, faults);
        for (var s = 1; s <= 5; s++)
        {
            await node.FeedToCutoffOfAsync(s);
            Assert.Equal(1, await node.CloseAndRereadAsync());
        }

        await node.Feeder.CatchUpAsync(CancellationToken.None);

        // Each silent read is asked for (twice: the configured attempts) until it arrives: the answering meter's
        // arrives after its first re-read, before the next slot's cutoff.
        for (var b = 0; b < 3; b++)
        {
            Assert.Equal(2, node.TimesAsked(mute.MeterId, first.AddMinutes(30 * b)));
            Assert.Equal(1, node.TimesAsked(answers.MeterId, first.AddMinutes(30 * b)));
        }

        // Every slot of the silence counts the mute meter, still missing; slot 4 lacks only its start read. The
        // answering meter's value of slots 1 to 3 (each lacking its end read at the cutoff) is recovered.
        var expected = new[]
        {
            new SlotRereads(2, 2, 1, 1, 2, 2),
            new SlotRereads(2, 2, 1, 1, 2, 2),
            new SlotRereads(2, 2, 1, 1, 2, 2),
            new SlotRereads(1, 1, 0, 1, 1, 2),
            new SlotRereads(0, 0, 0, 0, 0, 2),
        };
        var day = await node.Api.GetFromJsonAsync<SlotTimeline[]>("internal/v1/slots/2026-06-10/timeline");
        for (var s = 1; s <= 5; s++)
        {
            Assert.Equal(expected[s - 1], node.Book.Report(new Slot(RereadNode.Day, s), node.Engine.Gaps));
            Assert.Equal(expected[s - 1], day![s - 1].Rereads);
        }
    }

    [Fact]
    public async Task SlotsBookedBeforeARestart_AreRereadAfterIt_WithinTheSameAttempts()
    {
        // Two meters silent at slot 1's end: one never answers a re-read, one does (its answer is not delivered before the stop).
        var fleet = MeterFleet.Create(300, TsoArea.Tokyo, seed: 7);
        var mute = fleet.Meters.First(m => !m.HasSolar && Faults.NeverAnswersReread(fleet.Seed, m.Ordinal));
        var answers = fleet.Meters.First(m => !m.HasSolar && !Faults.NeverAnswersReread(fleet.Seed, m.Ordinal));
        var end = new Slot(RereadNode.Day, 1).End;
        var faults = new FleetFaults(0, 0, Faults.NeverAnswersRereadPer10000) { Silent = [(mute.Ordinal, end, 1), (answers.Ordinal, end, 1)] };
        await using var node = RereadNode.WithHeadEnd(300, faults);
        await node.FeedToCutoffOfAsync(1);
        Assert.Equal(1, await node.CloseAndRereadAsync());
        Assert.Equal(1, node.TimesAsked(mute.MeterId, end));

        await node.RestartAsync();
        await node.Loop.Resumed.WaitAsync(TimeSpan.FromSeconds(60));

        // The restarted node asks again what it still owed, with the attempts it had left, and reports the slot as before.
        var slot = new Slot(RereadNode.Day, 1);
        Assert.Equal(2, node.TimesAsked(mute.MeterId, end));
        Assert.Equal(2, node.TimesAsked(answers.MeterId, end));
        Assert.Equal(new SlotRereads(2, 2, 0, 2, 2, 2), node.Book.Report(slot, node.Engine.Gaps));
        await node.Feeder.CatchUpAsync(CancellationToken.None);
        Assert.Equal(new SlotRereads(2, 2, 1, 1, 2, 2), node.Book.Report(slot, node.Engine.Gaps));

        // The attempts spent before the restart count: the mute meter's read is not asked a third time.
        await node.FeedToCutoffOfAsync(2);
        Assert.Equal(1, await node.CloseAndRereadAsync());
        Assert.Equal(2, node.TimesAsked(mute.MeterId, end));
        Assert.Equal(new SlotRereads(1, 0, 0, 1, 0, 2), node.Book.Report(new Slot(RereadNode.Day, 2), node.Engine.Gaps));
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
