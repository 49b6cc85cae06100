namespace Renkei.Metering.Engine;

/// <summary>Settings of the interval engine.</summary>
public sealed class IntervalEngineOptions
{
    /// <summary>Days held in main memory (a ring; the oldest is dropped). Default 3.</summary>
    public int WindowDays { get; set; } = 3;

    /// <summary>Partitions a slot close is split into; default one per core.</summary>
    public int? Partitions { get; set; }

    /// <summary>Where the closer writes engine snapshots after closing slots (null: none; a restart replays the whole log).</summary>
    public string? SnapshotDirectory { get; set; }

    /// <summary>
    /// Write a snapshot after every this many closed slots. Default 8 (four hours): a snapshot writes the whole
    /// ring and holds each partition's ingest while it does (its cost at scale: docs/performance.md).
    /// </summary>
    public int SnapshotEverySlots { get; set; } = 8;

    /// <summary>
    /// The publication journal's file (null: publications and versions live in memory only, and a restart starts
    /// them afresh). With it, each publication is on disk before readers see it, versions go on above those handed
    /// out before a restart, and a replay of the read log restores every published slot (<c>docs/reliability.md</c>).
    /// </summary>
    public string? PublicationJournal { get; set; }

    /// <summary>Where slots go when they leave the window (null: they are dropped).</summary>
    public History.IHistoryStore? History { get; set; }

    /// <summary>
    /// The most memory the slots waiting for a failing <see cref="History"/> store may hold (10 bytes per meter and
    /// slot). Past it the HES refuses new batches (503 with Retry-After) until the store takes writes again: a batch
    /// moves slots out of the window, and nothing else does. Default 256 MiB (two days of 30-minute slots of
    /// 280,000 meters).
    /// </summary>
    public long HistoryBacklogBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long after a slot's end it is closed and published. Default 5 minutes.</summary>
    public TimeSpan Cutoff { get; set; } = TimeSpan.FromMinutes(5);
}
