namespace Renkei.Formats.Market;

/// <summary>
/// The optional per-supply-point text items of the market's records, each checked against its length in MS932 bytes
/// (MARKET.md) when made, so a writer never starts a file it cannot finish: JP06119 customer code (21), JP06120 name
/// (80), JP06402 supply point name (70, fixed usage only). A null item is not written. JP06121 (16) has no public
/// meaning, so nothing fills it; JP06403 comes from the point's voltage class (<see cref="MarketItems.VoltageClassName"/>).
/// </summary>
public sealed record MarketPointItems
{
    public const int CustomerCodeBytes = 21;
    public const int CustomerNameBytes = 80;
    public const int SupplyPointNameBytes = 70;

    /// <summary>No item: what the metering node has for every point today (docs/formats.md).</summary>
    public static readonly MarketPointItems None = new(null, null, null);

    /// <summary>Throws a <see cref="FormatException"/> naming the item when one is too long or holds a character outside MS932.</summary>
    public MarketPointItems(string? customerCode, string? customerName, string? supplyPointName)
    {
        Checked(MarketItems.CustomerCode, customerCode, CustomerCodeBytes);
        Checked(MarketItems.CustomerName, customerName, CustomerNameBytes);
        Checked(MarketItems.SupplyPointName, supplyPointName, SupplyPointNameBytes);
        CustomerCode = customerCode;
        CustomerName = customerName;
        SupplyPointName = supplyPointName;
    }

    /// <summary>JP06119, the customer code.</summary>
    public string? CustomerCode { get; }

    /// <summary>JP06120, the customer's name.</summary>
    public string? CustomerName { get; }

    /// <summary>JP06402, the supply point's name.</summary>
    public string? SupplyPointName { get; }

    private static void Checked(string item, string? value, int maxBytes)
    {
        if (value is not null)
        {
            MarketEncoding.Check(item, value, maxBytes);
        }
    }
}
