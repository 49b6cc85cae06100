using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;

namespace Renkei.Formats.Registry;

/// <summary>
/// One meter installed at one supply point: which meter measures which supply point, from when to when, with
/// which register roll-over and multiplier (乗率). Installation and removal are at any whole minute (a
/// technician replaces a meter at 14:10); the initial and final register values are the registers at those
/// instants. A replacement inside a slot splits it: the old meter's part (its register at the slot's start → its
/// final register) plus the new meter's part (its initial register → its register at the slot's end), each ×
/// its own multiplier.
/// </summary>
/// <param name="SupplyPointId">The supply point the meter measures.</param>
/// <param name="MeterId">The meter's own identifier, as the HES reports it.</param>
/// <param name="Multiplier">乗率: register difference × multiplier = energy.</param>
/// <param name="RegisterDigits">Whole-kWh digits of the register; it rolls over at 10^digits kWh.</param>
/// <param name="InstalledAt">Installation instant, a whole minute (reads before it are rejected).</param>
/// <param name="InitialRegister">Register value at installation.</param>
/// <param name="MaxPerSlot">The physical maximum register advance in one slot (before the multiplier); more is flagged invalid.</param>
/// <param name="MeasuresExport">Whether the meter also has an export (逆方向) register.</param>
/// <param name="RemovedAt">Removal instant, a whole minute, or null while installed (reads after it are rejected).</param>
/// <param name="FinalRegister">Register value at removal (required with <paramref name="RemovedAt"/>).</param>
/// <param name="VoltageClass">Voltage class of the supply point.</param>
/// <param name="InitialExportRegister">Export register at installation, for a meter that measures export (null: unknown; the slot of an installation inside it is then missing for export).</param>
/// <param name="FinalExportRegister">Export register at removal, for a meter that measures export (null: unknown; the slot of a removal inside it is then missing for export).</param>
public sealed record MeterInstallation(
    SupplyPointId SupplyPointId,
    string MeterId,
    Multiplier Multiplier,
    int RegisterDigits,
    DateTimeOffset InstalledAt,
    Kwh InitialRegister,
    Kwh MaxPerSlot,
    bool MeasuresExport,
    DateTimeOffset? RemovedAt = null,
    Kwh? FinalRegister = null,
    VoltageClass VoltageClass = VoltageClass.Low,
    Kwh? InitialExportRegister = null,
    Kwh? FinalExportRegister = null)
{
    /// <summary>Where a register of <paramref name="registerDigits"/> whole-kWh digits rolls over, in 0.0001 kWh (10^digits kWh).</summary>
    public static long RolloverUnits(int registerDigits)
    {
        long kwh = 1;
        for (var i = 0; i < registerDigits; i++)
        {
            kwh = checked(kwh * 10);
        }

        return checked(kwh * Kwh.UnitsPerKwh);
    }
}
