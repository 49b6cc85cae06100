namespace Renkei.Metering.Engine.Vee;

/// <summary>One meter's value in one slot and direction: register units (0.0001 kWh) before the multiplier, and its quality.</summary>
internal readonly record struct MeterValue(long Units, SlotQuality Quality)
{
    public static readonly MeterValue NotInstalled = new(0, SlotQuality.NotInstalled);

    public static readonly MeterValue Missing = new(0, SlotQuality.Missing);

    public static readonly MeterValue Invalid = new(0, SlotQuality.Invalid);
}
