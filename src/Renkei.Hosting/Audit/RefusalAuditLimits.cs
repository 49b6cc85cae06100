namespace Renkei.Hosting.Audit;

/// <summary>The caps of a <see cref="RefusalAudit"/>.</summary>
public sealed record RefusalAuditLimits
{
    /// <summary>Lines written one by one per source address per <see cref="Window"/>.</summary>
    public int LinesPerAddress { get; init; } = 10;

    /// <summary>Lines written one by one in all per <see cref="Window"/>.</summary>
    public int Lines { get; init; } = 100;

    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
}
