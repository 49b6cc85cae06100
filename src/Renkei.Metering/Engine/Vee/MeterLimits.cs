namespace Renkei.Metering.Engine.Vee;

/// <summary>
/// What VEE needs to know of a meter to judge its registers: where its register rolls over (10^digits, in
/// 0.0001 kWh) and the most it can advance in one slot (its physical maximum).
/// </summary>
internal readonly record struct MeterLimits(long RolloverUnits, long MaxPerSlotUnits);
