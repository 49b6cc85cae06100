namespace Renkei.Metering.Engine.Publication;

/// <summary>The one version sequence shared by publications and revisions, so a reader follows both with one cursor.</summary>
internal sealed class VersionSequence
{
    private long current;

    /// <summary>The latest version handed out.</summary>
    public long Current => Interlocked.Read(ref current);

    public long Next() => Interlocked.Increment(ref current);
}
