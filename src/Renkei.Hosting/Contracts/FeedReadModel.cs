namespace Renkei.Hosting.Contracts;

/// <summary>
/// A read model fed by one of switching's paged feeds (<see cref="FeedFollower{TItem}"/>): the feed position applied
/// so far and the lock its readers and the follower share. A page is checked whole before anything changes
/// (<see cref="Check"/>), then applied under the write lock with the cursor (<see cref="ApplyChecked"/>).
/// </summary>
public abstract class FeedReadModel<TItem> : IDisposable
{
    private long cursor;

    /// <summary>The feed position applied so far.</summary>
    public long Cursor
    {
        get
        {
            Gate.EnterReadLock();
            try
            {
                return cursor;
            }
            finally
            {
                Gate.ExitReadLock();
            }
        }
    }

    /// <summary>Guards the model's state: readers take the read lock, <see cref="ApplyChecked"/> runs under the write lock.</summary>
    protected ReaderWriterLockSlim Gate { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Applies a page of the feed and moves the cursor to <paramref name="next"/>; a page <see cref="Check"/> refuses changes nothing.</summary>
    public void Apply(IEnumerable<TItem> items, long next)
    {
        ArgumentNullException.ThrowIfNull(items);
        var page = Check(items);
        Gate.EnterWriteLock();
        try
        {
            ApplyChecked(page);
            cursor = Math.Max(cursor, next);
        }
        finally
        {
            Gate.ExitWriteLock();
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Checks every item of a page before any is applied (outside the lock) and returns the items to apply, each
    /// enumerated once; throws <see cref="FormatException"/> naming the item and field to refuse the page.
    /// </summary>
    protected abstract IEnumerable<TItem> Check(IEnumerable<TItem> items);

    /// <summary>Applies a checked page, under the write lock.</summary>
    protected abstract void ApplyChecked(IEnumerable<TItem> items);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Gate.Dispose();
        }
    }
}
