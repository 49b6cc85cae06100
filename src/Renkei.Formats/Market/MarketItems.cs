using Renkei.Formats.Registry;

namespace Renkei.Formats.Market;

/// <summary>
/// The market's item IDs Renkei writes into the records of its XML files, and the only code values it writes into
/// them, each from a public source (docs/formats.md names it).
/// </summary>
public static class MarketItems
{
    public const string CustomerCode = "JP06119";
    public const string CustomerName = "JP06120";
    public const string SupplyPointName = "JP06402";
    public const string VoltageClassNameItem = "JP06403";

    /// <summary>JP06122 status "0": the record carries a value (DESIGN.md; public importers read a value only when it is "0").</summary>
    public const string ValuePresent = "0";

    /// <summary>JP06404 仕訳コード "1": the retailer's part is the whole reading period (MARKET.md).</summary>
    public const string WholePeriod = "1";

    /// <summary>JP06404 仕訳コード "2": the retailer's part is part of the reading period (MARKET.md).</summary>
    public const string PartialPeriod = "2";

    /// <summary>JP06405 提供可否 "0": the fixed usage can be provided (DESIGN.md).</summary>
    public const string Providable = "0";

    /// <summary>JP06405 "1": it cannot be provided (yet); the code public retailer importers skip a point on.</summary>
    public const string NotProvidable = "1";

    /// <summary>
    /// JP06403, the voltage class name, at most 4 MS932 bytes (MARKET.md): 低圧, 高圧, and 特高 (the usual short form of
    /// 特別高圧, whose 8 bytes do not fit).
    /// </summary>
    public static string VoltageClassName(VoltageClass voltage) => voltage switch
    {
        VoltageClass.Low => "低圧",
        VoltageClass.High => "高圧",
        _ => "特高",
    };
}
