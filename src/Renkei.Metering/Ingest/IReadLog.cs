using Renkei.Metering.Engine;

namespace Renkei.Metering.Ingest;

/// <summary>The durable, append-only log of accepted reads. A read is acknowledged only after <see cref="Append"/> returns.</summary>
public interface IReadLog : IDisposable
{
    /// <summary>Appends reads and flushes them to stable storage before returning.</summary>
    void Append(ReadOnlySpan<MeterRead> reads, IReadOnlyList<string> meterIds);

    /// <summary>Reads the whole log from the start, in order, as (meter ID, instant ticks, register units, direction).</summary>
    IEnumerable<LoggedRead> ReadAll() => ReadFrom(0);

    /// <summary>The records from byte position <paramref name="position"/> (a value of <see cref="Position"/>) on.</summary>
    IEnumerable<LoggedRead> ReadFrom(long position);

    /// <summary>The log's length: everything appended so far lies before it.</summary>
    long Position { get; }
}

/// <summary>One record of the read log; <paramref name="LoggedOrdinal"/> is the meter's ordinal when it was logged (−1 if unknown).</summary>
public readonly record struct LoggedRead(string MeterId, long UtcTicks, long RegisterUnits, Direction Direction, int LoggedOrdinal = -1);
