using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;

namespace Renkei.Metering.Registry;

/// <summary>
/// One meter installed at one supply point: which meter measures which supply point, from when, with which
/// register roll-over and multiplier (乗率).
/// </summary>
/// <param name="SupplyPointId">The supply point the meter measures.</param>
/// <param name="MeterId">The meter's own identifier, as the HES reports it.</param>
/// <param name="Multiplier">乗率: register difference × multiplier = energy.</param>
/// <param name="RegisterDigits">Whole-kWh digits of the register; it rolls over at 10^digits kWh.</param>
/// <param name="InstalledAt">Installation instant (reads before it are rejected).</param>
/// <param name="InitialRegister">Register value at installation.</param>
/// <param name="MaxPerSlot">The physical maximum register advance in one slot (before the multiplier); more is flagged invalid.</param>
/// <param name="MeasuresExport">Whether the meter also has an export (逆方向) register.</param>
public sealed record MeterInstallation(
    SupplyPointId SupplyPointId,
    string MeterId,
    Multiplier Multiplier,
    int RegisterDigits,
    DateTimeOffset InstalledAt,
    Kwh InitialRegister,
    Kwh MaxPerSlot,
    bool MeasuresExport);
