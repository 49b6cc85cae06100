namespace Renkei.Simulator.Fleet;

/// <summary>Faults the fleet injects, in reads per 10,000: reads lost for good, and reads delivered one slot late (out of order).</summary>
public sealed record FleetFaults(int LostPer10000 = 5, int LatePer10000 = 20)
{
    public static FleetFaults None { get; } = new(0, 0);
}
