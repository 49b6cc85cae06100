using Renkei.Switching.Store;
using Renkei.Switching.Tso.Node;

namespace Renkei.Switching.Tso.Hub;

/// <summary>
/// The hub's routing table: which areas it serves, and the TSO service of each (by the first two digits of the
/// supply point ID). An application for a point of an area the hub does not serve is refused (SW007). An area
/// with a <see cref="TsoClient"/> is served by a TSO node of its own: its orders go through the hub's outbox
/// (<see cref="TsoOrderDispatcher"/>); the others by an in-process <see cref="LocalTsoService"/>.
/// </summary>
public sealed class TsoDirectory
{
    private readonly HashSet<int> areas;
    private readonly Func<int, SwitchingDbContext, TimeProvider, ITsoService> factory;
    private readonly Dictionary<int, TsoClient> remote;

    public TsoDirectory(IEnumerable<int> servedAreas, Func<int, SwitchingDbContext, TimeProvider, ITsoService>? factory = null, IEnumerable<TsoClient>? remote = null)
    {
        areas = [.. servedAreas];
        this.factory = factory ?? ((area, db, clock) => new LocalTsoService(area, db, clock));
        this.remote = (remote ?? []).ToDictionary(c => c.Area);
        foreach (var area in this.remote.Keys)
        {
            if (!areas.Contains(area))
            {
                throw new ArgumentException($"area {area:D2} has a TSO node but is not among the served areas", nameof(remote));
            }
        }
    }

    /// <summary>All ten areas, each with an in-process TSO.</summary>
    public static TsoDirectory AllAreas { get; } = new(Enumerable.Range(1, 10));

    public IReadOnlyCollection<int> ServedAreas => areas;

    /// <summary>The clients of the areas served by TSO nodes of their own.</summary>
    public IReadOnlyCollection<TsoClient> RemoteTsos => remote.Values;

    public bool Serves(int area) => areas.Contains(area);

    /// <summary>Whether <paramref name="area"/>'s TSO runs as a node of its own (reached through the outbox).</summary>
    public bool IsRemote(int area) => remote.ContainsKey(area);

    /// <summary>The client of <paramref name="area"/>'s TSO node.</summary>
    public TsoClient RemoteFor(int area) =>
        remote.TryGetValue(area, out var client) ? client : throw new TsoUnavailableException($"no TSO node is configured for area {area:D2}");

    /// <summary>The TSO service of <paramref name="area"/>, working in <paramref name="db"/>'s transaction.</summary>
    public ITsoService For(int area, SwitchingDbContext db, TimeProvider clock) =>
        Serves(area) ? factory(area, db, clock) : throw new InvalidOperationException($"area {area:D2} is not served by this hub");
}
