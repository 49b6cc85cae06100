using Renkei.Domain.Time;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Tests.Engine.Window;

/// <summary>
/// The engine covers its window and nothing else: through the HES, a read far in the future or older than the
/// window is rejected with its line and reason, the good reads of the same batch are kept, and the window does not
/// move towards the far read.
/// </summary>
public sealed class ReadAdmissionBoundsTests
{
    [Fact]
    public void BatchWithReadsFarInTheFutureAndLongPast_KeepsTheGoodOnesAndRejectsEachWithItsLine()
    {
        using var h = new EngineHarness(new IntervalEngineOptions { Partitions = 2, WindowDays = 3 }, new MeterBuilder().Build());

        var outcome = h.Ingest(
            h.Read("M1", 0, "10.0000", line: 2),
            h.Read("M1", new DateTimeOffset(2030, 4, 1, 0, 30, 0, TimeSpan.FromHours(9)), "90.0000", line: 3),
            h.Read("M1", new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.FromHours(9)), "99.0000", line: 4),
            h.Read("M1", 1, "10.5000", line: 5));
        var rejected = outcome.Rejected.OrderBy(r => r.Line).Select(r => (r.Line, r.Reason)).ToArray();
        var old = h.Ingest(h.Read("M1", EngineHarness.Boundary(2, EngineHarness.Day.AddDays(-5)), "1.0000", line: 6));
        h.Close(1);

        Assert.Equal(2, outcome.Accepted);
        Assert.Equal([(3, "read instant is in the future"), (4, "read instant is in the future")], rejected);
        Assert.Equal((6, "read is older than the in-memory window"), (Assert.Single(old.Rejected).Line, old.Rejected[0].Reason));
        Assert.Equal(Kwh.Parse("0.5000"), h.ValueOf("M1", 1).Energy);
        Assert.True(h.Engine.IsPublished(new Slot(EngineHarness.Day, 1)));
    }
}
