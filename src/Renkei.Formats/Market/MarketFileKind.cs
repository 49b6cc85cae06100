namespace Renkei.Formats.Market;

/// <summary>What a file holds: one slot, one past day, or a month's fixed usage.</summary>
public enum MarketFileKind
{
    Slot = 0,
    Day = 1,
    FixedUsage = 2,
}
