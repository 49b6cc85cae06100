using System.Runtime.InteropServices;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Ingest;

/// <summary>
/// Rebuilds the engine's state from the read log after a restart: the logged reads are applied in the log's
/// order (the order in which they were first applied), without judging them by the clock again. The engine's
/// journaled publications are restored at the log positions where they were first marked, so the reads logged
/// after a publication revise it again, and every published slot is published again with its version.
/// </summary>
public static class ReadLogReplay
{
    private const int BatchSize = 1 << 20;

    /// <summary>Replays every logged read; returns how many were applied.</summary>
    public static long Replay(IReadLog log, MeterRegistry registry, IntervalEngine engine, long fromPosition = 0)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(engine);
        var batch = new List<MeterRead>(BatchSize);
        var rejected = new List<RejectedRead>();
        long applied = 0;
        var line = 0;

        void Flush()
        {
            if (batch.Count > 0)
            {
                applied += engine.Ingest(CollectionsMarshal.AsSpan(batch), rejected, judgeClock: false).Accepted;
                batch.Clear();
                rejected.Clear();
            }
        }

        // Publications marked before the first read replayed (those a loaded snapshot already covers) come first.
        engine.RestorePublicationsThrough(fromPosition);
        var through = fromPosition;

        // Logged ordinal → current ordinal, by meter ID (one pass over the log's meter IDs).
        var remap = log.OrdinalsOfLogged(registry);
        foreach (var logged in log.ReadFrom(fromPosition))
        {
            if (engine.NextRestoreAt <= through)
            {
                Flush();
                engine.RestorePublicationsThrough(through);
            }

            through = logged.End;
            line++;
            var ordinal = (uint)logged.LoggedOrdinal < (uint)remap.Length ? remap[logged.LoggedOrdinal] : -1;
            if (ordinal < 0)
            {
                continue;
            }

            batch.Add(new MeterRead(line, ordinal, logged.UtcTicks, logged.RegisterUnits, logged.Direction));
            if (batch.Count == BatchSize)
            {
                Flush();
            }
        }

        Flush();
        engine.MarkApplied(log.Position);
        return applied;
    }
}
