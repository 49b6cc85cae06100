using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;

namespace Renkei.Simulator.Fleet;

/// <summary>One simulated meter and the supply point it measures.</summary>
public sealed record FleetMeter(
    int Ordinal,
    string MeterId,
    SupplyPointId SupplyPointId,
    Multiplier Multiplier,
    int RegisterDigits,
    Kwh InitialRegister,
    Kwh MaxPerSlot,
    bool HasSolar,
    long AverageUnitsPerSlot);
