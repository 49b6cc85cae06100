namespace Renkei.Metering.Engine.Vee;

/// <summary>The quality of one meter's value in one slot, as VEE derives it (ordered: a higher one is worse).</summary>
internal enum SlotQuality : byte
{
    Actual = 0,
    Estimated = 1,
    Missing = 2,
    Invalid = 3,
    NotInstalled = 4,
}
