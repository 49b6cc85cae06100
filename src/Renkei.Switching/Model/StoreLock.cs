namespace Renkei.Switching.Model;

/// <summary>
/// A named row that transactions update first to serialise themselves, in SQLite and PostgreSQL alike (e.g.
/// the change feed, whose sequence numbers must become visible in order).
/// </summary>
public sealed class StoreLock
{
    public const string ChangeFeed = "change-feed";

    public required string Name { get; set; }

    public long Version { get; set; }
}
