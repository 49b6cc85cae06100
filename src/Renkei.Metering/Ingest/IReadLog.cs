using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Ingest;

/// <summary>The durable, append-only log of accepted reads. A read is acknowledged only after <see cref="Append"/> returns.</summary>
public interface IReadLog : IDisposable
{
    /// <summary>Appends reads (their ordinals are <paramref name="registry"/>'s) and flushes them to stable storage before returning.</summary>
    void Append(ReadOnlySpan<MeterRead> reads, MeterRegistry registry);

    /// <summary>
    /// Gets the log ready for <paramref name="registry"/>'s meters before ingest starts (at start-up, after the
    /// replay), so the first reads do not pay for it.
    /// </summary>
    void Prepare(MeterRegistry registry)
    {
    }

    /// <summary>The meter ID a logged ordinal stood for when it was logged, or null if the log does not know it.</summary>
    string? MeterIdOfLogged(int loggedOrdinal);

    /// <summary>For each logged ordinal, the ordinal of the same meter (by ID) in <paramref name="registry"/>, or −1 if it is not there.</summary>
    int[] OrdinalsOfLogged(MeterRegistry registry);

    /// <summary>Reads the whole log from the start, in order, as (logged ordinal, instant ticks, register units, direction).</summary>
    IEnumerable<LoggedRead> ReadAll() => ReadFrom(0);

    /// <summary>The records from byte position <paramref name="position"/> (a value of <see cref="Position"/>) on.</summary>
    IEnumerable<LoggedRead> ReadFrom(long position);

    /// <summary>The log's length: everything appended so far lies before it.</summary>
    long Position { get; }
}

/// <summary>
/// One record of the read log; <paramref name="LoggedOrdinal"/> is the meter's ordinal when it was logged, which
/// <see cref="IReadLog.MeterIdOfLogged"/> turns into its meter ID (no string per record); <paramref name="End"/>
/// is the log's position after it (a replay restores the publications marked there before going on).
/// </summary>
public readonly record struct LoggedRead(int LoggedOrdinal, long UtcTicks, long RegisterUnits, Direction Direction, long End = 0);
