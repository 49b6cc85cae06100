namespace Renkei.Switching.Model;

/// <summary>供給地点: a supply point, by its 22-digit ID.</summary>
public sealed class SupplyPoint
{
    public required string Id { get; set; }

    /// <summary>TSO area number (the first two digits of the ID).</summary>
    public int Area { get; set; }

    public required string Address { get; set; }
}
