using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.KeyValueStore;

namespace Renkei.Metering.Cluster;

/// <summary>
/// The partitions of an area this node owns, through leases in a JetStream key-value bucket (cluster mode,
/// docs/architecture.md). One key per partition, <c>lease.&lt;area&gt;.&lt;p&gt;</c>, holds its owner's id and the
/// lease's expiry; one key per node, <c>node.&lt;area&gt;.&lt;id&gt;</c>, announces a live node until its own expiry.
/// Every <see cref="PartitionLeaseOptions.Ttl"/>/3 a round announces the node again, renews its leases, gives up
/// those above its fair share (partitions / live nodes, rounded up) and takes free or expired ones up to it.
/// <para>
/// Every take, renewal and release is a compare-and-set on the key's revision (the bucket's stream decides, on a
/// majority of its replicas), so of two nodes that read the same revision only one writes: never two owners. A
/// lease whose renewal fails because its revision moved, or whose expiry passed before it could be renewed (NATS
/// unreachable, the process stopped), is given up at once: <see cref="Lost"/> is raised and <see cref="Holds"/>
/// answers false from the expiry on, whatever the loop is doing. A node that comes back takes partitions again only
/// through the leases. Expiries are read on <see cref="PartitionLeaseOptions.Clock"/>; nodes' clocks must agree to well under the TTL.
/// </para>
/// <para>
/// The owner also keeps the routing table: <c>route.&lt;area&gt;.&lt;p&gt;</c> names it and its internal URL, written
/// when it takes the partition. The lease key is the authority; a route is a hint for finding the owner.
/// </para>
/// </summary>
internal sealed class PartitionLeases : IAsyncDisposable
{
    private readonly PartitionLeaseOptions options;
    private readonly TimeProvider clock;
    private readonly NatsLink link;
    private readonly INatsKVStore store;
    private readonly Lock gate = new();

    /// <summary>The leases held: partition → revision of the key as last written and the expiry written with it.</summary>
    private readonly Dictionary<int, (ulong Revision, DateTimeOffset Expires)> held = [];
    private readonly HashSet<int> routed = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim paused = new(1, 1);
    private Task? loop;
    private volatile bool reachable;

    private PartitionLeases(PartitionLeaseOptions options, TimeProvider clock, NatsLink link, INatsKVStore store)
    {
        this.options = options;
        this.clock = clock;
        this.link = link;
        this.store = store;
    }

    /// <summary>Raised when the node takes a partition (on the lease loop's thread).</summary>
    public event Action<int>? Acquired;

    /// <summary>Raised the moment the node stops owning a partition: renewal failed, expiry passed, or given up for balance.</summary>
    public event Action<int>? Lost;

    /// <summary>Raised after each round (announce, renew, balance), whether NATS answered or not.</summary>
    public event Action? RoundCompleted;

    public string NodeId => options.NodeId;

    public PartitionLeaseOptions Options => options;

    /// <summary>Whether the last round reached NATS (its announcement and renewals were answered).</summary>
    public bool Reachable => reachable;

    /// <summary>The partitions this node owns now (leases not yet expired), in order.</summary>
    public IReadOnlyList<int> Owned
    {
        get
        {
            var now = clock.GetUtcNow();
            lock (gate)
            {
                return [.. held.Where(h => h.Value.Expires > now).Select(h => h.Key).Order()];
            }
        }
    }

    /// <summary>Whether this node owns <paramref name="partition"/> now: a lease taken or renewed whose expiry has not passed.</summary>
    public bool Holds(int partition)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            return held.TryGetValue(partition, out var lease) && lease.Expires > now;
        }
    }

    /// <summary>
    /// Connects to the NATS servers and creates the bucket if it does not exist (file storage, one value per key,
    /// <see cref="PartitionLeaseOptions.Replicas"/>), retrying while the cluster elects its leaders. Does not take
    /// anything yet: <see cref="Start"/> begins the rounds. Throws <see cref="IOException"/> when the bucket cannot be
    /// had within <see cref="PartitionLeaseOptions.StartTimeout"/>.
    /// </summary>
    public static async Task<PartitionLeases> OpenAsync(PartitionLeaseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        // A call that is not answered within a quarter of the TTL counts as failed: the round goes on, and a lease
        // whose expiry passes meanwhile is given up.
        var link = new NatsLink(options.Nats, $"renkei-leases-{options.Area}-{options.NodeId}", options.Ttl / 4);
        using var start = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        start.CancelAfter(options.StartTimeout);
        try
        {
            await link.ConnectAsync(start.Token).ConfigureAwait(false);
            var kv = new NatsKVContext(new NatsJSContext(link.Connection));
            var config = new NatsKVConfig(options.Bucket)
            {
                History = 1,
                Storage = NatsKVStorageType.File,
                NumberOfReplicas = options.Replicas,
                Description = "Renkei partition leases, node announcements and routes",
            };
            INatsKVStore? store = null;
            var wait = TimeSpan.FromMilliseconds(50);
            while (store is null)
            {
                link.ThrowIfDenied();
                try
                {
                    store = await kv.CreateOrUpdateStoreAsync(config, start.Token).ConfigureAwait(false);
                }
                catch (NatsException) when (!start.IsCancellationRequested)
                {
                    // The cluster elects its leaders (a fresh cluster, a server that came back): ask again.
                    await Task.Delay(wait, start.Token).ConfigureAwait(false);
                    wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 1000));
                }
            }

            return new PartitionLeases(options, options.Clock, link, store);
        }
        catch (UnauthorizedAccessException e)
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"the partition leases could not be opened: {e.Message}", e);
        }
        catch (Exception e) when (e is OperationCanceledException or NatsException && !cancellationToken.IsCancellationRequested)
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw new IOException(
                $"the partition leases could not be opened: the bucket {options.Bucket} on {string.Join(", ", options.Nats.Servers)} was not available within {options.StartTimeout.TotalSeconds:F0} s (are the nats-server with JetStream running and routed to each other, and does the node's TLS CA and user match theirs?)",
                e);
        }
        catch
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Begins the rounds: one now, then one every third of the TTL.</summary>
    public void Start()
    {
        if (loop is not null)
        {
            throw new InvalidOperationException("the lease rounds have already started");
        }

        loop = Task.Run(() => RunAsync(stopping.Token));
    }

    /// <summary>A test hook standing for a stopped process: the rounds wait (nothing announced, renewed or given up) until <see cref="ResumeRenewals"/>.</summary>
    internal void PauseRenewals() => paused.Wait();

    internal void ResumeRenewals() => paused.Release();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var interval = options.Ttl / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await paused.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await RoundAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    paused.Release();
                }

                RoundCompleted?.Invoke();
                await Task.Delay(interval, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// One round: give up what expired, announce, renew, balance. A failure to reach NATS ends the round early, and so
    /// does a round that outlasts a third of the TTL: a key listing's consumer can wait without end while the
    /// bucket's stream elects a leader, and the next round must still come.
    /// </summary>
    internal async Task RoundAsync(CancellationToken stoppingToken = default)
    {
        GiveUpExpired();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        bounded.CancelAfter(options.Ttl / 3);
        var cancellationToken = bounded.Token;
        try
        {
            var now = clock.GetUtcNow();
            await store.PutAsync(options.NodeKey(options.NodeId), new LeaseEntry(options.NodeId, (now + options.Ttl).ToUnixTimeMilliseconds()).ToUtf8(), cancellationToken: cancellationToken).ConfigureAwait(false);
            await RenewAsync(cancellationToken).ConfigureAwait(false);
            var share = await FairShareAsync(cancellationToken).ConfigureAwait(false);
            await BalanceAsync(share, cancellationToken).ConfigureAwait(false);
            await WriteRoutesAsync(cancellationToken).ConfigureAwait(false);
            reachable = true;
        }
        catch (Exception e) when (Unreachable(e, stoppingToken))
        {
            reachable = false;
        }

        GiveUpExpired();
    }

    /// <summary>Renews each lease held with a compare-and-set on its revision; one whose revision moved is lost.</summary>
    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        foreach (var (partition, lease) in Snapshot())
        {
            var now = clock.GetUtcNow();
            if (lease.Expires <= now)
            {
                continue;
            }

            var expires = now + options.Ttl;
            var result = await store.TryUpdateAsync(options.LeaseKey(partition), new LeaseEntry(options.NodeId, expires.ToUnixTimeMilliseconds()).ToUtf8(), lease.Revision, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Success)
            {
                Keep(partition, lease.Revision, result.Value, expires);
            }
            else if (result.Error is NatsKVWrongLastRevisionException)
            {
                // Our own write whose answer was lost moved it too: only this node writes entries naming it.
                var current = await store.TryGetEntryAsync<byte[]>(options.LeaseKey(partition), cancellationToken: cancellationToken).ConfigureAwait(false);
                if (current.Success && LeaseEntry.Parse(current.Value.Value) is { } entry && entry.Owner == options.NodeId && !entry.Free(clock.GetUtcNow()))
                {
                    Keep(partition, lease.Revision, current.Value.Revision, DateTimeOffset.FromUnixTimeMilliseconds(entry.ExpiresUnixMs));
                }
                else
                {
                    GiveUp(partition, lease.Revision);
                }
            }
            else
            {
                throw result.Error;
            }
        }
    }

    /// <summary>Partitions / live nodes (those whose announcement has not expired, this one included), rounded up.</summary>
    private async Task<int> FairShareAsync(CancellationToken cancellationToken)
    {
        var live = 0;
        var now = clock.GetUtcNow();
        await foreach (var key in store.GetKeysAsync([options.NodeKeys], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var entry = await store.TryGetEntryAsync<byte[]>(key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (entry.Success && LeaseEntry.Parse(entry.Value.Value) is { } node && !node.Free(now))
            {
                live++;
            }
        }

        return (options.Partitions + Math.Max(live, 1) - 1) / Math.Max(live, 1);
    }

    /// <summary>Gives up the leases above <paramref name="share"/>, or takes free and expired partitions up to it.</summary>
    private async Task BalanceAsync(int share, CancellationToken cancellationToken)
    {
        var owned = Owned;
        for (var i = owned.Count - 1; i >= share; i--)
        {
            await ReleaseAsync(owned[i], cancellationToken).ConfigureAwait(false);
        }

        if (owned.Count >= share)
        {
            return;
        }

        // Each node starts looking at its own place, so nodes starting together mostly try different partitions.
        var first = (int)(StableHash(options.NodeId) % (uint)options.Partitions);
        var count = owned.Count;
        for (var k = 0; k < options.Partitions && count < share; k++)
        {
            var partition = (first + k) % options.Partitions;
            if (!Holds(partition) && await TryTakeAsync(partition, cancellationToken).ConfigureAwait(false))
            {
                count++;
            }
        }
    }

    /// <summary>
    /// Takes <paramref name="partition"/> if its lease is free (never taken, given up or expired): a create, or an
    /// update on the revision read. False when another node holds it or wrote it first.
    /// </summary>
    internal async Task<bool> TryTakeAsync(int partition, CancellationToken cancellationToken = default)
    {
        var key = options.LeaseKey(partition);
        var now = clock.GetUtcNow();
        var expires = now + options.Ttl;
        var value = new LeaseEntry(options.NodeId, expires.ToUnixTimeMilliseconds()).ToUtf8();
        var current = await store.TryGetEntryAsync<byte[]>(key, cancellationToken: cancellationToken).ConfigureAwait(false);
        NatsResult<ulong> written;
        if (current.Success)
        {
            var entry = LeaseEntry.Parse(current.Value.Value);
            if (entry is not null && !entry.Free(now))
            {
                if (entry.Owner != options.NodeId)
                {
                    return false;
                }

                // This node's own write whose answer was lost (only this node writes entries naming it): renew it.
            }

            written = await store.TryUpdateAsync(key, value, current.Value.Revision, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else if (current.Error is NatsKVKeyNotFoundException or NatsKVKeyDeletedException)
        {
            written = await store.TryCreateAsync(key, value, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw current.Error;
        }

        // A create or update that did not write lost the compare-and-set to another node. A create that lost may also
        // answer "not found": after its revision-0 write is refused, the client reads the key to tell a deleted entry
        // from a live one, and that read can be answered by a replica that has not seen the winner's write yet.
        if (!written.Success)
        {
            return written.Error is NatsKVWrongLastRevisionException or NatsKVCreateException or NatsKVKeyNotFoundException ? false : throw written.Error;
        }

        lock (gate)
        {
            held[partition] = (written.Value, expires);
            routed.Remove(partition);
        }

        Acquired?.Invoke(partition);
        await WriteRoutesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Stops owning <paramref name="partition"/> and marks its lease free (a compare-and-set: a lease already moved is left as it is).</summary>
    private async Task ReleaseAsync(int partition, CancellationToken cancellationToken)
    {
        (ulong Revision, DateTimeOffset Expires) lease;
        lock (gate)
        {
            if (!held.TryGetValue(partition, out lease))
            {
                return;
            }
        }

        GiveUp(partition, lease.Revision);
        await store.TryUpdateAsync(options.LeaseKey(partition), new LeaseEntry(string.Empty, 0).ToUtf8(), lease.Revision, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the route of each partition held that has none from this node yet (the internal URL known).</summary>
    private async Task WriteRoutesAsync(CancellationToken cancellationToken)
    {
        if (options.InternalUrl is not { } url)
        {
            return;
        }

        int[] unrouted;
        lock (gate)
        {
            unrouted = [.. held.Keys.Where(p => !routed.Contains(p))];
        }

        foreach (var partition in unrouted)
        {
            await store.PutAsync(options.RouteKey(partition), new RouteEntry(options.NodeId, url.ToString()).ToUtf8(), cancellationToken: cancellationToken).ConfigureAwait(false);
            lock (gate)
            {
                if (held.ContainsKey(partition))
                {
                    routed.Add(partition);
                }
            }
        }
    }

    /// <summary>The owner's internal URL for <paramref name="partition"/> from the routing table, or null.</summary>
    public async Task<(string Owner, Uri Url)?> RouteAsync(int partition, CancellationToken cancellationToken = default)
    {
        var entry = await store.TryGetEntryAsync<byte[]>(options.RouteKey(partition), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entry.Success && RouteEntry.Parse(entry.Value.Value) is { } route && Uri.TryCreate(route.Url, UriKind.Absolute, out var uri)
            ? (route.Owner, uri)
            : null;
    }

    private void GiveUpExpired()
    {
        var now = clock.GetUtcNow();
        foreach (var (partition, lease) in Snapshot())
        {
            if (lease.Expires <= now)
            {
                GiveUp(partition, lease.Revision);
            }
        }
    }

    private KeyValuePair<int, (ulong Revision, DateTimeOffset Expires)>[] Snapshot()
    {
        lock (gate)
        {
            return [.. held];
        }
    }

    private void Keep(int partition, ulong seen, ulong revision, DateTimeOffset expires)
    {
        lock (gate)
        {
            if (held.TryGetValue(partition, out var lease) && lease.Revision == seen)
            {
                held[partition] = (revision, expires);
            }
        }
    }

    private void GiveUp(int partition, ulong seen)
    {
        lock (gate)
        {
            if (!held.TryGetValue(partition, out var lease) || lease.Revision != seen)
            {
                return;
            }

            held.Remove(partition);
            routed.Remove(partition);
        }

        Lost?.Invoke(partition);
    }

    /// <summary>FNV-1a of the id: the same on every run and machine (string hash codes are randomized per process).</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    private static bool Unreachable(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is NatsException or TimeoutException or OperationCanceledException;

    /// <summary>Stops the rounds, gives up every lease held (so other nodes take them at once) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        try
        {
            using var bounded = new CancellationTokenSource(options.Ttl / 3);
            foreach (var partition in Owned)
            {
                await ReleaseAsync(partition, bounded.Token).ConfigureAwait(false);
            }

            await store.PutAsync(options.NodeKey(options.NodeId), new LeaseEntry(options.NodeId, 0).ToUtf8(), cancellationToken: bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or TimeoutException or OperationCanceledException)
        {
            // Unreachable: the leases expire by themselves within the TTL.
        }

        await link.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
        paused.Dispose();
    }
}
