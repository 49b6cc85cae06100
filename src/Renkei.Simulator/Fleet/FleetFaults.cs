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

    // Salt, so a meter's re-read fate does not follow its read fates (which hash the meter with the boundary).
    private const long RereadSalt = 0x5245_5245_4144L;

    /// <summary>Whether the meter at <paramref name="meterIndex"/> of a fleet with <paramref name="seed"/> never answers a re-read.</summary>
    public bool NeverAnswersReread(int seed, int meterIndex) =>
        (long)(LoadCurve.Hash(RereadSalt ^ seed, meterIndex) % 10_000) < NeverAnswersRereadPer10000;
}
