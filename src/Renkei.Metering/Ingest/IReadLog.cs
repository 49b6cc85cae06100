using Renkei.Metering.Engine;

namespace Renkei.Metering.Ingest;

/// <summary>The durable, append-only log of accepted reads. A read is acknowledged only after <see cref="Append"/> returns.</summary>
public interface IReadLog : IDisposable
{
    /// <summary>Appends reads and flushes them to stable storage before returning.</summary>
    void Append(ReadOnlySpan<MeterRead> reads, IReadOnlyList<string> meterIds);

    /// <summary>Reads the whole log from the start, in order, as (meter ID, instant ticks, register units, direction).</summary>
    IEnumerable<LoggedRead> ReadAll();
}

/// <summary>One record of the read log.</summary>
public readonly record struct LoggedRead(string MeterId, long UtcTicks, long RegisterUnits, Direction Direction);
