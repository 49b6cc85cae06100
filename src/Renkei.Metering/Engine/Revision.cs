using Renkei.Domain.Energy;
using Renkei.Domain.Time;

namespace Renkei.Metering.Engine;

/// <summary>
/// A change to an already published value, caused by a read that arrived after publication (a late read, or
/// the later read that lets a gap be estimated). Old and new values are kept, so readers can follow changes by
/// version and see what was published when. <see cref="PreviousVersion"/> is the version the value had before
/// (the slot's publication or the revision before this one), so a value can be read as of any instant.
/// </summary>
public sealed record Revision(
    long Version,
    int Ordinal,
    Direction Direction,
    Slot Slot,
    Kwh? OldEnergy,
    Quality OldQuality,
    Kwh? NewEnergy,
    Quality NewQuality,
    DateTimeOffset At,
    long PreviousVersion);
