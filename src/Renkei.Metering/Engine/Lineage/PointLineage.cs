using Renkei.Domain.Time;
using Renkei.Metering.Engine.Vee;

namespace Renkei.Metering.Engine.Lineage;

/// <summary>A supply point's value in one slot and direction, with the lineage of each meter's part and the value's versions.</summary>
internal sealed record PointLineage(
    Slot Slot,
    Direction Direction,
    IntervalValue Value,
    bool ReadsHeld,
    IReadOnlyList<MeterLineage> Meters,
    IReadOnlyList<LineageVersion> Versions);

/// <summary>
/// One meter's part: its value (register units before the multiplier) and quality, and, while its reads are held,
/// the rule, the bounding registers, the estimate's gap and the failed check.
/// </summary>
internal sealed record MeterLineage(
    int Ordinal,
    int Multiplier,
    VeeRule? Rule,
    MeterValue Value,
    IReadOnlyList<LineageRead> Reads,
    LineageGap? Gap,
    FailedCheck FailedCheck);

/// <summary>A bounding register: its role, boundary, register units, source, and the instant by which it had arrived.</summary>
internal readonly record struct LineageRead(ReadRole Role, long Boundary, long RegisterUnits, ReadSource Source, DateTimeOffset? ArrivedBy);

/// <summary>The role of a bounding register.</summary>
internal enum ReadRole : byte
{
    Start,
    End,
    Before,
    After,
}

/// <summary>An estimate's gap: its slots, this slot's place in it (0-based), the advance across it (null when implausible), and whether it rolled over.</summary>
internal readonly record struct LineageGap(long Slots, long Index, long? AdvanceUnits, bool RolledOver);

/// <summary>One version of the point's value: made by the publication (<see cref="Ordinal"/> −1) or by a revision of one meter's value.</summary>
internal readonly record struct LineageVersion(long Version, DateTimeOffset At, int Ordinal, IntervalValue Value);
