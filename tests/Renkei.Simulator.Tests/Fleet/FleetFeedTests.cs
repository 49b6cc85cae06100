using System.Text;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Simulator.Fleet;

namespace Renkei.Simulator.Tests.Fleet;

public class FleetFeedTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 0, 0, 0, Jst.Offset);

    private static long Rollover(FleetMeter m)
    {
        long r = 10_000;
        for (var d = 0; d < m.RegisterDigits; d++)
        {
            r *= 10;
        }

        return r;
    }

    [Fact]
    public void WriteNext_TwoDays_RegistersAdvanceByLoadCurveAndOnlyDecreaseByRollOver()
    {
        var fleet = MeterFleet.Create(1_000, TsoArea.Tokyo, seed: 3);
        var feed = new FleetFeed(fleet, Start, FleetFaults.None);
        var batches = FeedLine.Batches(feed, 97);
        var byMeter = fleet.Meters.ToDictionary(m => m.MeterId);
        var wraps = 0;
        var exports = 0;

        var series = batches.SelectMany(b => b).GroupBy(l => (l.MeterId, l.Direction));
        foreach (var s in series)
        {
            var meter = byMeter[s.Key.MeterId];
            var reads = s.ToList();
            Assert.Equal(97, reads.Count);
            Assert.Equal(s.Key.Direction == "import" ? meter.InitialRegister.Units : 0, reads[0].Units);
            exports += s.Key.Direction == "export" ? 1 : 0;
            for (var i = 1; i < reads.Count; i++)
            {
                var slot = Slot.EndingAt(reads[i].At);
                var consumed = s.Key.Direction == "import" ? LoadCurve.ImportUnits(meter, slot) : LoadCurve.ExportUnits(meter, slot);
                Assert.Equal(Slot.TicksPerSlot, (reads[i].At - reads[i - 1].At).Ticks);
                Assert.InRange(consumed, 0, meter.MaxPerSlot.Units);
                if (reads[i].Units < reads[i - 1].Units)
                {
                    wraps++;
                    Assert.Equal(reads[i - 1].Units + consumed - Rollover(meter), reads[i].Units);
                }
                else
                {
                    Assert.Equal(reads[i - 1].Units + consumed, reads[i].Units);
                }
            }
        }

        Assert.True(wraps > 0, "no roll-over happened; the test would not check it");
        Assert.True(exports > 0, "no solar meter in the fleet; the test would not check export");
    }

    [Fact]
    public void WriteNext_SameFleetAndStart_GivesIdenticalReads()
    {
        static string Run(int seed)
        {
            var feed = new FleetFeed(MeterFleet.Create(500, TsoArea.Kansai, seed), Start, new FleetFaults(50, 100));
            var csv = new StringBuilder();
            for (var b = 0; b < 12; b++)
            {
                feed.WriteNext(csv);
            }

            return csv.ToString();
        }

        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }

    [Fact]
    public void WriteNext_WithFaults_LosesAndDelaysReadsByOneBatchAsConfigured()
    {
        const int Boundaries = 20;
        var fleet = MeterFleet.Create(500, TsoArea.Tokyo, seed: 5);
        var clean = FeedLine.Batches(new FleetFeed(fleet, Start, FleetFaults.None), Boundaries);
        var faulty = FeedLine.Batches(new FleetFeed(fleet, Start, new FleetFaults(LostPer10000: 1_000, LatePer10000: 2_000)), Boundaries);

        var delivered = new HashSet<FeedLine>();
        var late = 0;
        for (var b = 0; b < Boundaries; b++)
        {
            var at = Start.AddTicks(b * Slot.TicksPerSlot);
            var onTime = faulty[b].TakeWhile(l => l.At == at).ToList();
            var delayed = faulty[b].Skip(onTime.Count).ToList();

            // On-time reads first, then the previous boundary's late ones, each with the clean register value.
            Assert.All(onTime, l => Assert.Contains(l, clean[b]));
            if (b == 0)
            {
                Assert.Empty(delayed);
            }
            else
            {
                Assert.All(delayed, l => Assert.Equal(at.AddTicks(-Slot.TicksPerSlot), l.At));
                Assert.All(delayed, l => Assert.Contains(l, clean[b - 1]));
            }

            late += delayed.Count;
            foreach (var l in faulty[b])
            {
                Assert.True(delivered.Add(l), $"{l} delivered twice");
            }
        }

        // Boundaries 0..n−2 are complete (their late reads came in the next batch): what is missing was lost.
        var total = clean.Take(Boundaries - 1).Sum(b => b.Count);
        var lost = clean.Take(Boundaries - 1).SelectMany(b => b).Count(l => !delivered.Contains(l));
        Assert.InRange(lost, total * 7 / 100, total * 13 / 100);
        Assert.InRange(late, total * 16 / 100, total * 24 / 100);
    }

    [Fact]
    public void WriteNext_LostDaily_LosesThatMetersImportReadAtThatHalfHourOfEveryDayOnly()
    {
        var fleet = MeterFleet.Create(20, TsoArea.Tokyo);
        var batches = FeedLine.Batches(new FleetFeed(fleet, Start, FleetFaults.None with { LostDaily = (3, 20) }), 96);

        for (var b = 0; b < 96; b++)
        {
            var lost = b % 48 == 20;
            Assert.Equal(fleet.Meters.Sum(m => m.HasSolar ? 2 : 1) - (lost ? 1 : 0), batches[b].Count);
            Assert.Equal(!lost, batches[b].Any(l => l.MeterId == fleet.Meters[3].MeterId && l.Direction == "import"));
        }
    }

    [Fact]
    public void WriteNext_NoFaults_DeliversEveryReadOnTime()
    {
        var fleet = MeterFleet.Create(200, TsoArea.Tokyo);
        var batches = FeedLine.Batches(new FleetFeed(fleet, Start, FleetFaults.None), 3);

        for (var b = 0; b < 3; b++)
        {
            var at = Start.AddTicks(b * Slot.TicksPerSlot);
            Assert.All(batches[b], l => Assert.Equal(at, l.At));
            Assert.Equal(fleet.Meters.Sum(m => m.HasSolar ? 2 : 1), batches[b].Count);
        }
    }

    [Fact]
    public void Constructor_StartNotOnBoundary_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FleetFeed(MeterFleet.Create(1, TsoArea.Tokyo), Start.AddMinutes(1), FleetFaults.None));
    }
}
