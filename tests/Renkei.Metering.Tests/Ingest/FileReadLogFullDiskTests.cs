using Renkei.Hosting.Tests.Support;
using Renkei.Metering.Engine;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Tests.Ingest;

/// <summary>The read log on a full disk (a tmpfs the test mounts and fills): a refused batch leaves no bytes behind, and the log takes writes again once space returns.</summary>
public sealed class FileReadLogFullDiskTests
{
    private static MeterRead R(int ordinal, long ticks) => new(1, ordinal, ticks, ticks * 10, Direction.Import);

    [SkippableFact]
    public void FullDisk_RefusedBatchLeavesNoTornRecord_AndTheLogWritesAgainWhenSpaceReturns()
    {
        using var disk = SmallFilesystem.TryMount(256, out var whyNot);
        Skip.If(disk is null, whyNot);

        var registry = new MeterRegistry();
        for (var i = 0; i < 4; i++)
        {
            registry.Add(new MeterBuilder().Id($"M{i}").Build());
        }

        var directory = Path.Combine(disk.Path, "readlog");
        var file = Path.Combine(directory, "reads.log");
        using var log = new FileReadLog(directory);
        log.Prepare(registry);
        log.Append([R(0, 1), R(1, 2)], registry);
        var before = new FileInfo(file).Length;

        disk.Fill();

        // More than a page: the kernel takes what fits in the file's last page, then refuses the rest.
        var batch = Enumerable.Range(0, 2_000).Select(i => R(i % 4, 100 + i)).ToArray();
        Assert.ThrowsAny<IOException>(() => log.Append(batch, registry));
        Assert.Equal(before, new FileInfo(file).Length);
        Assert.Equal(before, log.Position);

        disk.Free();
        log.Append([R(2, 3)], registry);

        Assert.Equal([1L, 2, 3], log.ReadAll().Select(r => r.UtcTicks));
        Assert.Equal(3 * FileReadLog.RecordSize, new FileInfo(file).Length);
    }

    [SkippableFact]
    public void FullDisk_NewMeterIdRefused_IsCutBackAndWrittenOnceSpaceReturns()
    {
        using var disk = SmallFilesystem.TryMount(256, out var whyNot);
        Skip.If(disk is null, whyNot);

        // Long IDs, so that the new meters' lines need more than the page meters.ids already has.
        var registry = new MeterRegistry();
        registry.Add(new MeterBuilder().Id("M0").Build());
        var directory = Path.Combine(disk.Path, "readlog");
        using var log = new FileReadLog(directory);
        log.Append([R(0, 1)], registry);
        for (var i = 1; i <= 200; i++)
        {
            registry.Add(new MeterBuilder().Id($"M{i}-" + new string('x', 40)).Build());
        }

        disk.Fill();
        var batch = Enumerable.Range(1, 200).Select(i => R(i, 100 + i)).ToArray();
        Assert.ThrowsAny<IOException>(() => log.Append(batch, registry));

        disk.Free();
        log.Append(batch, registry);

        var read = log.ReadAll().ToArray();
        Assert.Equal(201, read.Length);
        Assert.Equal("M0", log.MeterIdOfLogged(read[0].LoggedOrdinal));
        Assert.Equal([.. Enumerable.Range(1, 200).Select(i => $"M{i}-" + new string('x', 40))], read[1..].Select(r => log.MeterIdOfLogged(r.LoggedOrdinal)));
    }
}
