using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Ingest;

/// <summary>
/// A read log that keeps nothing: for offline computations (<c>renkei intervals</c>) whose input file is
/// itself the durable record. Never used by the HES.
/// </summary>
public sealed class NullReadLog : IReadLog
{
    public void Append(ReadOnlySpan<MeterRead> reads, MeterRegistry registry)
    {
    }

    public string? MeterIdOfLogged(int loggedOrdinal) => null;

    public int[] OrdinalsOfLogged(MeterRegistry registry) => [];

    public long Position => 0;

    public IEnumerable<LoggedRead> ReadAll() => [];

    public IEnumerable<LoggedRead> ReadFrom(long position) => [];

    public void Dispose()
    {
    }
}
