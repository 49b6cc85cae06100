namespace Renkei.Switching.Model;

/// <summary>The application kinds the hub accepts, by the market's interface IDs.</summary>
public static class ApplicationKinds
{
    /// <summary>スイッチング開始: switch-in by the new retailer.</summary>
    public const string SwitchIn = "IF_10610";

    /// <summary>スイッチング廃止: switch-out by the current retailer.</summary>
    public const string SwitchOut = "IF_10710";

    /// <summary>再点: move-in, a contract for a point that has none.</summary>
    public const string MoveIn = "IF_10410";

    /// <summary>廃止・撤去: move-out, the current retailer ends its contract without a successor.</summary>
    public const string MoveOut = "IF_10510";

    /// <summary>需要者情報変更: customer details change by the current retailer.</summary>
    public const string CustomerDetails = "IF_10810";

    /// <summary>アンペア変更: ampere change by the current retailer.</summary>
    public const string AmpereChange = "IF_10910";

    /// <summary>使用量情報照会申請: usage information, with the customer's consent password.</summary>
    public const string UsageInformation = "IF_10210";
}
