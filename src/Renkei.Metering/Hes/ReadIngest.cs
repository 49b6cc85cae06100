using System.Buffers;
using Renkei.Metering.Engine;
using Renkei.Metering.Ingest;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Hes;

/// <summary>
/// The HES's way in for reads, log first: the engine judges a batch, the read log makes the reads that pass
/// durable, and only then the engine applies them. What this returns as accepted is on disk; a batch the log
/// cannot take changes nothing. Batches go through one at a time, so the log's order is the order in which
/// the engine applied them, and a replay of the log after a restart gives identical values. While the slots waiting
/// for a failing history store hold their bound of memory, every batch is refused whole.
/// </summary>
public sealed class ReadIngest(IntervalEngine engine, IReadLog log, MeterRegistry registry)
{
    private readonly Lock gate = new();

    /// <summary>Counts each batch's accepted and refused reads (once per batch).</summary>
    internal Observability.MeteringMetrics? Metrics { get; init; }

    /// <summary>Told whether each append to the read log succeeded (the node's readiness).</summary>
    internal Observability.ReadLogHealth? LogHealth { get; init; }

    /// <summary>Whether the slots waiting for a failing history store hold their bound of memory: then every batch is refused.</summary>
    internal bool BacklogFull([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HistoryBacklogFullException? refusal)
    {
        refusal = engine.History is { BacklogFull: true } history ? new HistoryBacklogFullException(history.PendingBytes, history.BacklogBytes) : null;
        return refusal is not null;
    }

    /// <summary>Validates, logs and applies a batch; rejections are added to <paramref name="rejected"/>.</summary>
    public IngestOutcome Ingest(ReadOnlySpan<MeterRead> reads, List<RejectedRead> rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var admitted = ArrayPool<MeterRead>.Shared.Rent(Math.Max(reads.Length, 1));
        try
        {
            lock (gate)
            {
                // A batch can move slots out of the window, and those wait in memory while the history store fails.
                if (BacklogFull(out var full))
                {
                    throw full;
                }

                var count = engine.Validate(reads, admitted, rejected, out var duplicates);
                if (count == 0)
                {
                    Metrics?.Ingested(0, rejected.Count);
                    return new IngestOutcome(0, duplicates, rejected);
                }

                var batch = admitted.AsSpan(0, count);
                try
                {
                    log.Append(batch, registry);
                }
                catch (Exception e)
                {
                    LogHealth?.Failed(e);
                    throw new ReadLogUnavailableException(e);
                }

                LogHealth?.Written();
                var applied = engine.Apply(batch, rejected, log.Position);
                Metrics?.Ingested(applied.Accepted, rejected.Count);
                return new IngestOutcome(applied.Accepted, duplicates + applied.Duplicates, rejected);
            }
        }
        finally
        {
            ArrayPool<MeterRead>.Shared.Return(admitted);
        }
    }
}
