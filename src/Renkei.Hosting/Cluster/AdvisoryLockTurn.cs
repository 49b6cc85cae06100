using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Renkei.Hosting.Cluster;

/// <summary>
/// One holder at a time among the processes on one PostgreSQL database: PostgreSQL's session-level advisory lock
/// (<c>pg_try_advisory_lock</c>) on a connection of its own, held for as long as that connection lives. A process
/// whose connection (or whole self) dies loses the lock with it, and the next <see cref="TryHoldAsync"/> of another
/// process takes it. Used for work that two instances must not do at once (the hub's outbox to a TSO node, the
/// gateway's webhook deliveries).
/// </summary>
public sealed class AdvisoryLockTurn(string connectionString, string name) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private NpgsqlConnection? connection;
    private bool held;
    private int disposed;

    /// <summary>The lock's 64-bit key: the first 8 bytes of the SHA-256 of its name, the same in every process.</summary>
    public long Key { get; } = KeyOf(name);

    /// <summary>The advisory lock key of <paramref name="name"/>: the first 8 bytes of its SHA-256.</summary>
    public static long KeyOf(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0);

    public string Name => name;

    /// <summary>
    /// True when this process holds the lock now: it held it and its session still answers, or the lock was free and
    /// is taken now. False when another session holds it or the database cannot be reached (then nothing may run).
    /// </summary>
    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (connection is null)
            {
                // Unpooled: closing the connection must end the session (and release the lock), not park it in a pool.
                connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                held = false;
            }

            if (held)
            {
                // The lock lives exactly as long as this session: a session that still answers still holds it.
                await using var alive = new NpgsqlCommand("SELECT 1", connection);
                await alive.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }

            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            take.Parameters.AddWithValue("key", Key);
            held = (bool)(await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return held;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // The session is gone, and its lock with it: another process may hold it now. A new session next time.
            await DropAsync().ConfigureAwait(false);
            return false;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Gives the lock up (by ending its session), so another process takes it at its next try.</summary>
    public async Task ReleaseAsync()
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await DropAsync().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task DropAsync()
    {
        held = false;
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            connection = null;
        }
    }

    /// <summary>Releases the lock; may be called more than once (a hosted service is disposed once per registration).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await ReleaseAsync().ConfigureAwait(false);
            gate.Dispose();
        }
    }
}
