namespace Renkei.Metering.Engine;

/// <summary>
/// The engine's values as published at <see cref="Instant"/> (<see cref="IntervalEngine.CutAt"/>): the revisions
/// made after it, by meter, slot boundary and direction (the earliest one after the instant, whose old value is
/// what was published then).
/// </summary>
public sealed class PublishedCut(DateTimeOffset instant, Dictionary<(int Ordinal, long Boundary, Direction Direction), Revision> undo)
{
    public DateTimeOffset Instant { get; } = instant;

    internal Dictionary<(int Ordinal, long Boundary, Direction Direction), Revision> Undo { get; } = undo;
}
