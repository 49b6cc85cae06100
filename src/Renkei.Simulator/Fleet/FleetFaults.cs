namespace Renkei.Simulator.Fleet;

/// <summary>
/// Faults the fleet injects, in per 10,000: reads lost for good (the meter still holds them: a re-read can get them),
/// reads delivered one slot late (out of order), and meters that never answer a re-read (out of the radio mesh's
/// reach: their lost reads stay lost). Which reads and meters is decided by hashes of the meter, the boundary and
/// the fleet's seed, so a run is the same every time.
/// </summary>
public sealed record FleetFaults(int LostPer10000 = 5, int LatePer10000 = 20, int NeverAnswersRereadPer10000 = 2000)
{
    public static FleetFaults None { get; } = new(0, 0, 0);

    // Half-hours from midnight UTC to midnight Japan time: a boundary's index plus this, modulo 48, is its half-hour of the Japanese day.
    private const int JstOffsetHalfHours = 18;

    // Salt, so a meter's re-read fate does not follow its read fates (which hash the meter with the boundary).
    private const long RereadSalt = 0x5245_5245_4144L;

    /// <summary>
    /// A read lost every day for certain, besides the hashed ones: the import read of the meter at <c>MeterIndex</c>
    /// at the boundary <c>HalfHour</c> half-hours after midnight Japan time (0 to 47); none when null. With the
    /// hashed faults alone a small fleet loses no read at all on some days (300 meters: about one day in 1,500); a
    /// test that needs a missing read on any date sets this.
    /// </summary>
    public (int MeterIndex, int HalfHour)? LostDaily { get; init; }

    /// <summary>
    /// Meters silent for a spell, besides the hashed faults: every read (import and export) of the meter at
    /// <c>MeterIndex</c> at the <c>Boundaries</c> boundaries from <c>From</c> is lost (the meter still holds them:
    /// a re-read can get them, unless the meter never answers one). Empty by default.
    /// </summary>
    public IReadOnlyList<(int MeterIndex, DateTimeOffset From, int Boundaries)> Silent { get; init; } = [];

    /// <summary>
    /// The fate of a read of the meter at <paramref name="meterIndex"/> (<paramref name="direction"/> 0 import, 1
    /// export) at the boundary with index <paramref name="boundaryIndex"/> (UTC ticks / slot ticks): lost below
    /// <see cref="LostPer10000"/>, late below that plus <see cref="LatePer10000"/>, else delivered; a read of
    /// <see cref="LostDaily"/> or of a <see cref="Silent"/> spell is -1, lost.
    /// </summary>
    public long Fate(int meterIndex, int direction, long boundaryIndex) =>
        (LostDaily is { } forced && forced.MeterIndex == meterIndex && direction == 0 && (boundaryIndex + JstOffsetHalfHours) % 48 == forced.HalfHour)
            || (Silent.Count > 0 && IsSilent(meterIndex, boundaryIndex))
            ? -1
            : (long)(LoadCurve.Hash((meterIndex * 2) + direction, boundaryIndex) % 10_000);

    private bool IsSilent(int meterIndex, long boundaryIndex)
    {
        foreach (var (meter, from, boundaries) in Silent)
        {
            var first = from.UtcTicks / Renkei.Domain.Time.Slot.TicksPerSlot;
            if (meter == meterIndex && boundaryIndex >= first && boundaryIndex < first + boundaries)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the meter at <paramref name="meterIndex"/> of a fleet with <paramref name="seed"/> never answers a re-read.</summary>
    public bool NeverAnswersReread(int seed, int meterIndex) =>
        (long)(LoadCurve.Hash(RereadSalt ^ seed, meterIndex) % 10_000) < NeverAnswersRereadPer10000;
}
