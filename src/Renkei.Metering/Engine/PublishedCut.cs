namespace Renkei.Metering.Engine;

/// <summary>
/// The engine's values as published at <see cref="Instant"/> (<see cref="IntervalEngine.CutAt"/>): the revisions
/// made after it, by meter, slot boundary and direction (the earliest one after the instant, whose old value is
/// what was published then).
/// </summary>
public sealed class PublishedCut
{
    private readonly HashSet<long> boundaries = [];

    internal PublishedCut(DateTimeOffset instant, Dictionary<(int Ordinal, long Boundary, Direction Direction), Revision> undo)
    {
        Instant = instant;
        Undo = undo;
        foreach (var key in undo.Keys)
        {
            boundaries.Add(key.Boundary);
        }
    }

    public DateTimeOffset Instant { get; }

    internal Dictionary<(int Ordinal, long Boundary, Direction Direction), Revision> Undo { get; }

    /// <summary>Whether any value of the slot starting at <paramref name="boundary"/> was revised after the instant.</summary>
    internal bool Touches(long boundary) => boundaries.Contains(boundary);
}
