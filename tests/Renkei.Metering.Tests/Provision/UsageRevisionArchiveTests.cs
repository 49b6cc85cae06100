using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Provision;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// The archive of the revisions that left the window stays bounded: run through it day after day for more than a
/// year, it holds (in memory and in its file) only the slots a listed fixed-usage file can still need, the last
/// <see cref="UsageRevisionArchive.RetentionDays"/> days, and a restart reads back exactly those.
/// </summary>
public sealed class UsageRevisionArchiveTests : IDisposable
{
    private const int Days = 400;
    private const int SlotsPerDay = 4;

    private static readonly DateOnly First = new(2026, 1, 1);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "renkei-archive-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void ManyDaysOfRevisions_KeepOnlyTheRetainedDays_InMemoryAndInTheFile()
    {
        var path = Path.Combine(folder, UsageRevisionArchive.FileName);
        var registry = new MeterRegistry();
        registry.Add(new MeterBuilder().Id("M1").Build());
        registry.Add(new MeterBuilder().Id("M2").At(MeterBuilder.SupplyPointB).Build());
        var archive = new UsageRevisionArchive(path);

        // Each day, two meters' revisions in a few slots, as the window forgets them.
        var bound = (UsageRevisionArchive.RetentionDays + 1) * SlotsPerDay * 2;
        var largest = 0;
        var version = 0L;
        for (var d = 0; d < Days; d++)
        {
            var date = First.AddDays(d);
            var forgotten = new List<Revision>();
            for (var k = 1; k <= SlotsPerDay; k++)
            {
                var slot = new Slot(date, k);
                for (var o = 0; o < 2; o++)
                {
                    forgotten.Add(new Revision(++version, o, Direction.Import, slot, null, Quality.Missing, Kwh.FromUnits(1_000), Quality.Actual, slot.End.AddHours(1), 0));
                }
            }

            archive.Keep(forgotten, registry);
            largest = Math.Max(largest, File.ReadLines(path).Count());
            Assert.True(archive.Count <= bound, $"day {d}: {archive.Count} revisions held, bound {bound}");
        }

        Assert.True(largest <= bound, $"the file reached {largest} lines, bound {bound}");
        var newest = First.AddDays(Days - 1);
        var oldestKept = newest.AddDays(-UsageRevisionArchive.RetentionDays);
        Assert.Empty(archive.In(new Slot(oldestKept.AddDays(-1), 1)));
        Assert.Equal(2, archive.In(new Slot(oldestKept, 1)).Count);
        Assert.Equal(2, archive.In(new Slot(newest, SlotsPerDay)).Count);

        // A restart reads back the retained days only, each revision once.
        var again = new UsageRevisionArchive(path);
        Assert.Equal(archive.Count, again.Count);
        Assert.Equal(File.ReadLines(path).Count(), again.Count);
        Assert.Empty(again.In(new Slot(oldestKept.AddDays(-1), 1)));
        Assert.Equal(archive.In(new Slot(oldestKept, 1)), again.In(new Slot(oldestKept, 1)));
        Assert.False(File.Exists(path + ".tmp"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
