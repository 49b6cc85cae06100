namespace Renkei.Switching.Store;

/// <summary>
/// Group commit for SQLite at the fsync: transactions commit in WAL mode with <c>synchronous=NORMAL</c> (no fsync
/// inside the write lock), and before a request is answered <see cref="WaitDurableAsync"/> makes sure an fsync of
/// the WAL file has covered its commit. One fsync covers every commit that completed before it started, so
/// requests that commit while one fsync runs share the next: the disk is flushed once per group, not once per
/// application, and no answered application can be lost to a crash of the process or of the machine.
/// </summary>
/// <remarks>
/// Commits become visible to other transactions before their fsync (unlike PostgreSQL), so a competing request may
/// be rejected because of an application that a power loss then takes away; the first one was not answered yet,
/// so no retailer was told it was accepted. Checkpoints keep SQLite's own syncs (WAL before backfill, database
/// after). See docs/performance.md, "The switching write path".
/// </remarks>
public sealed class WalGroupSync(string databasePath) : IDisposable
{
    private readonly string walPath = databasePath + "-wal";
    private readonly SemaphoreSlim syncing = new(1, 1);
    private long registered;
    private long durable;

    /// <summary>How many fsyncs ran (for the bench and tests).</summary>
    public long Syncs { get; private set; }

    /// <summary>
    /// Returns once every transaction that committed before this call is on disk. Call it after the commit and
    /// before answering.
    /// </summary>
    public async Task WaitDurableAsync(CancellationToken cancellationToken)
    {
        var ticket = Interlocked.Increment(ref registered);
        while (Volatile.Read(ref durable) < ticket)
        {
            await syncing.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Volatile.Read(ref durable) >= ticket)
                {
                    break;
                }

                // Every ticket up to here belongs to a commit that completed before this fsync starts.
                var upTo = Volatile.Read(ref registered);
                await Task.Run(SyncWal, CancellationToken.None).ConfigureAwait(false);
                Syncs++;
                Volatile.Write(ref durable, upTo);
            }
            finally
            {
                syncing.Release();
            }
        }
    }

    private void SyncWal()
    {
        try
        {
            // fsync works on the file, whichever descriptor asks; opened anew each time, in case SQLite replaced the
            // WAL file. SQLite keeps its locks on the database and -shm files, never on -wal, so closing this
            // descriptor releases none of them.
            using var wal = new FileStream(walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            wal.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // No WAL file: it was checkpointed into the database (synced by SQLite) and removed.
        }
    }

    public void Dispose() => syncing.Dispose();
}
