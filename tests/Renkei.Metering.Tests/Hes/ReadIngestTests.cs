using Renkei.Domain.Energy;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Tests.Hes;

public class ReadIngestTests
{
    [Fact]
    public void Ingest_ReadLogFails_ThrowsAndAppliesNothing()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "10.0000"));
        h.Log.Dispose(); // a real log that can no longer write

        var failure = Assert.Throws<Renkei.Metering.Hes.ReadLogUnavailableException>(() => h.Ingest(h.Read("M1", 1, "10.5000")));
        Assert.IsType<ObjectDisposedException>(failure.InnerException);
        h.Close(1);

        // Not durable, so never applied: the slot stays missing and only the first read counts.
        Assert.Equal(new IntervalValue(null, Quality.Missing, true), h.ValueOf("M1", 1));
        Assert.Equal(1, h.Engine.AcceptedTotal);
    }

    [Fact]
    public void Ingest_RejectedAndDuplicateReads_AreNotLogged()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "10.0000"));

        var outcome = h.Ingest(
            h.Read("M1", 0, "10.0000", line: 1),
            h.Read("M1", 1, "10.2000", line: 2),
            h.Read("M1", 1, "10.3000", line: 3),
            h.Read("M1", EngineHarness.Boundary(47, EngineHarness.Day.AddDays(2)), "11.0000", line: 4));

        Assert.Equal((1, 1), (outcome.Accepted, outcome.Duplicates));
        Assert.Equal([3, 4], outcome.Rejected.Select(r => r.Line).Order());
        Assert.Equal(2, h.Log.ReadAll().Count());
    }

    [Fact]
    public void Ingest_LargeBatchWithRepeats_KeepsTheFirstOfEachAndLogsOnlyThose()
    {
        var meters = Enumerable.Range(0, 100).Select(i => new MeterBuilder().Id($"M{i:D3}").Build()).ToArray();
        using var h = new EngineHarness(meters);
        var reads = new List<MeterRead>();
        int repeats = 0, conflicts = 0;
        for (var k = 0; k < 50; k++)
        {
            for (var i = 0; i < meters.Length; i++)
            {
                var read = h.Read(meters[i].MeterId, k, $"{10 + i}.{k:D4}", line: reads.Count + 1);
                reads.Add(read);
                if ((i + k) % 7 == 0)
                {
                    reads.Add(read with { Line = reads.Count + 1 });
                    repeats++;
                }
                else if ((i + k) % 11 == 0)
                {
                    reads.Add(read with { Line = reads.Count + 1, RegisterUnits = read.RegisterUnits + 1 });
                    conflicts++;
                }
            }
        }

        var outcome = h.Ingest([.. reads]);

        Assert.Equal((5_000, repeats, conflicts), (outcome.Accepted, outcome.Duplicates, outcome.Rejected.Count));
        Assert.All(outcome.Rejected, r => Assert.StartsWith("conflicting duplicate", r.Reason, StringComparison.Ordinal));
        Assert.Equal(5_000, h.Log.ReadAll().Count());
    }

    [Fact]
    public void Ingest_ReadsInTheLog_ReplayToTheSameValues()
    {
        using var h = new EngineHarness(new MeterBuilder().Build());
        h.Ingest(h.Read("M1", 0, "10.0000"), h.Read("M1", 2, "10.6000"));
        h.Close(1);
        h.Ingest(h.Read("M1", 1, "10.1000"));
        h.Close(2);

        var replayed = new IntervalEngine(h.Registry, h.Clock, new IntervalEngineOptions { Partitions = 2 });
        Renkei.Metering.Ingest.ReadLogReplay.Replay(h.Log, h.Registry, replayed);
        replayed.CloseSlot(new Renkei.Domain.Time.Slot(EngineHarness.Day, 1));
        replayed.CloseSlot(new Renkei.Domain.Time.Slot(EngineHarness.Day, 2));

        foreach (var slot in new[] { 1, 2 })
        {
            var s = new Renkei.Domain.Time.Slot(EngineHarness.Day, slot);
            Assert.Equal(h.Engine.Fingerprint(s), replayed.Fingerprint(s));
        }
    }
}
