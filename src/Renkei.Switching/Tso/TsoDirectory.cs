using Renkei.Switching.Store;

namespace Renkei.Switching.Tso;

/// <summary>
/// The hub's routing table: which areas it serves, and the TSO service of each (by the first two digits of the
/// supply point ID). An application for a point of an area the hub does not serve is refused (SW007).
/// </summary>
public sealed class TsoDirectory
{
    private readonly HashSet<int> areas;
    private readonly Func<int, SwitchingDbContext, TimeProvider, ITsoService> factory;

    public TsoDirectory(IEnumerable<int> servedAreas, Func<int, SwitchingDbContext, TimeProvider, ITsoService>? factory = null)
    {
        areas = [.. servedAreas];
        this.factory = factory ?? ((area, db, clock) => new LocalTsoService(area, db, clock));
    }

    /// <summary>All ten areas, each with an in-process TSO.</summary>
    public static TsoDirectory AllAreas { get; } = new(Enumerable.Range(1, 10));

    public IReadOnlyCollection<int> ServedAreas => areas;

    public bool Serves(int area) => areas.Contains(area);

    /// <summary>The TSO service of <paramref name="area"/>, working in <paramref name="db"/>'s transaction.</summary>
    public ITsoService For(int area, SwitchingDbContext db, TimeProvider clock) =>
        Serves(area) ? factory(area, db, clock) : throw new InvalidOperationException($"area {area:D2} is not served by this hub");
}
