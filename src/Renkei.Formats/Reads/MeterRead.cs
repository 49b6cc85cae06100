using Renkei.Domain.Energy;

namespace Renkei.Formats.Reads;

/// <summary>A register read resolved against the registry: compact, no strings, ready for the engine.</summary>
/// <param name="Line">1-based line (or record) number in the batch it came from, for error reports.</param>
/// <param name="Ordinal">The meter's ordinal in the registry.</param>
/// <param name="UtcTicks">The read instant (a 30-minute boundary), UTC ticks.</param>
/// <param name="RegisterUnits">Register value in 0.0001 kWh.</param>
/// <param name="Direction">Import or export register.</param>
public readonly record struct MeterRead(int Line, int Ordinal, long UtcTicks, long RegisterUnits, Direction Direction);
