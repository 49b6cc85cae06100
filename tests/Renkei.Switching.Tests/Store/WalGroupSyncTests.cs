using Renkei.Switching.Store;

namespace Renkei.Switching.Tests.Store;

/// <summary>The SQLite group commit's fsync barrier.</summary>
public sealed class WalGroupSyncTests
{
    [Fact]
    public async Task ManyConcurrentCommits_AllDurableWithFewerSyncsThanCommits()
    {
        var directory = Path.Combine(Path.GetTempPath(), "renkei-walsync", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "switching.db");
        await File.WriteAllBytesAsync(database + "-wal", new byte[4096]);
        using var sync = new WalGroupSync(database);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => sync.WaitDurableAsync(default))));

        Assert.InRange(sync.Syncs, 1, 63);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task NoWalFile_CheckpointedAway_ReturnsAtOnce()
    {
        using var sync = new WalGroupSync(Path.Combine(Path.GetTempPath(), "renkei-walsync-missing", Guid.NewGuid().ToString("N"), "switching.db"));

        await sync.WaitDurableAsync(default);

        Assert.Equal(1, sync.Syncs);
    }

    [Fact]
    public async Task CommitAfterASyncStarted_WaitsForTheNextOne()
    {
        var directory = Path.Combine(Path.GetTempPath(), "renkei-walsync", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "switching.db");
        await File.WriteAllBytesAsync(database + "-wal", new byte[4096]);
        using var sync = new WalGroupSync(database);

        await sync.WaitDurableAsync(default);
        await sync.WaitDurableAsync(default);

        Assert.Equal(2, sync.Syncs);
        Directory.Delete(directory, recursive: true);
    }
}
