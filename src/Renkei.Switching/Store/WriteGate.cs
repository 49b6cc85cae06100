namespace Renkei.Switching.Store;

/// <summary>
/// One writer at a time inside this process, for SQLite: its database lock admits one write transaction anyway,
/// and a transaction that finds it taken sleeps in the driver's busy loop (150 ms steps), which under 16 concurrent
/// requests costs far more than waiting in line here. PostgreSQL needs no gate (row locks); other processes on
/// the same SQLite file still meet the database lock and its busy timeout.
/// </summary>
public sealed class WriteGate : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(gate);
    }

    public void Dispose() => gate.Dispose();

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
