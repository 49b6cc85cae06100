using Renkei.Switching.Store;

namespace Renkei.Switching.Tests.Store;

/// <summary>The SQLite group commit's fsync barrier.</summary>
public sealed class WalGroupSyncTests
{
    [Fact]
    public async Task CommitsWhileASyncRuns_AllCoveredByTheNextSync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "renkei-walsync", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "switching.db");
        await File.WriteAllBytesAsync(database + "-wal", new byte[4096]);
        using var sync = new WalGroupSync(database);

        // The first wait starts an fsync; the other 63 commit meanwhile and queue behind it: one more fsync covers them all.
        var waits = Enumerable.Range(0, 64).Select(_ => sync.WaitDurableAsync(default)).ToArray();
        await Task.WhenAll(waits);

        Assert.Equal(2, sync.Syncs);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task NoWalFile_CheckpointedAway_ReturnsAtOnce()
    {
        var directory = Path.Combine(Path.GetTempPath(), "renkei-walsync", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var sync = new WalGroupSync(Path.Combine(directory, "switching.db"));

        await sync.WaitDurableAsync(default);

        Assert.Equal(1, sync.Syncs);
        Directory.Delete(directory, recursive: true);
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
