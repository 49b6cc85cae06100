namespace Renkei.Switching.Model;

/// <summary>
/// On a TSO node: the customer details (需要者情報) a retailer's IF_10810 sent it through the hub, one row per order;
/// the latest per point and retailer is the TSO's record of that retailer's customer there.
/// </summary>
public sealed class TsoCustomerRecord
{
    public long Id { get; set; }

    public required string SupplyPointId { get; set; }

    public required string RetailerCode { get; set; }

    /// <summary>The hub's application number of the change (the order's key).</summary>
    public required string ApplicationNumber { get; set; }

    public required string CustomerNumber { get; set; }

    public required string Name { get; set; }

    public string NameKana { get; set; } = string.Empty;

    public string PostalCode { get; set; } = string.Empty;

    public required string Address { get; set; }

    public string Building { get; set; } = string.Empty;

    public string Phone { get; set; } = string.Empty;

    /// <summary>The day the change took effect at the hub.</summary>
    public DateOnly EffectiveDate { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
