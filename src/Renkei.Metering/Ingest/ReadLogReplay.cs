using System.Runtime.InteropServices;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Ingest;

/// <summary>Rebuilds the engine's state from the read log after a restart, without writing the reads again.</summary>
public static class ReadLogReplay
{
    private const int BatchSize = 1 << 16;

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

        // Logged ordinal → current ordinal, resolved once per meter (−2 = not looked up yet, −1 = unknown now).
        var remap = new int[Math.Max(registry.Count, 1)];
        Array.Fill(remap, -2);
        foreach (var logged in log.ReadFrom(fromPosition))
        {
            line++;
            int ordinal;
            if ((uint)logged.LoggedOrdinal < (uint)remap.Length && remap[logged.LoggedOrdinal] != -2)
            {
                ordinal = remap[logged.LoggedOrdinal];
            }
            else
            {
                ordinal = log.MeterIdOfLogged(logged.LoggedOrdinal) is { } id && registry.TryGetOrdinal(id, out var found) ? found : -1;
                if ((uint)logged.LoggedOrdinal < (uint)remap.Length)
                {
                    remap[logged.LoggedOrdinal] = ordinal;
                }
            }

            if (ordinal < 0)
            {
                continue;
            }

            batch.Add(new MeterRead(line, ordinal, logged.UtcTicks, logged.RegisterUnits, logged.Direction));
            if (batch.Count == BatchSize)
            {
                applied += engine.Ingest(CollectionsMarshal.AsSpan(batch), rejected, writeToLog: false).Accepted;
                batch.Clear();
                rejected.Clear();
            }
        }

        if (batch.Count > 0)
        {
            applied += engine.Ingest(CollectionsMarshal.AsSpan(batch), rejected, writeToLog: false).Accepted;
        }

        return applied;
    }
}
