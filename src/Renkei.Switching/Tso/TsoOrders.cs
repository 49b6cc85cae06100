using System.Text.Json.Serialization;

namespace Renkei.Switching.Tso;

/// <summary>
/// The hub's order for an ampere change (IF_10910) of <paramref name="RetailerCode"/>'s point, sent on its change
/// date <paramref name="Date"/>. <paramref name="Seq"/> is the hub's order number (its outbox row's ID): the TSO
/// keeps it with the point's amperes and its supply-point changes carry it, so the hub can tell which of its ampere
/// orders a change reflects.
/// </summary>
public sealed record TsoAmpereOrder(string ApplicationNumber, string SupplyPointId, string RetailerCode, int Amperes, DateOnly Date, long Seq)
{
    /// <summary>The order's idempotency key: the application number (unique at the hub).</summary>
    [JsonIgnore]
    public string Key => ApplicationNumber;
}

/// <summary>
/// The hub's order for a move-in (<paramref name="Start"/> true) or a move-out of one retailer's supply, with the
/// market's items the TSO's field work needs (<paramref name="Content"/>: the site visit 立会, the desired work time,
/// the move-in time, the service menu and contract current, the customer, the move-out's reason and demolition).
/// </summary>
public sealed record TsoSupplyOrder(string ApplicationNumber, string SupplyPointId, string RetailerCode, bool Start, DateOnly Date, Formats.Api.Switching.ApplicationContent? Content = null)
{
    /// <summary>The order's idempotency key: the application number (unique at the hub).</summary>
    [JsonIgnore]
    public string Key => ApplicationNumber;
}

/// <summary>
/// The hub's order carrying a retailer's new customer details (需要者情報変更, IF_10810) at a point to the area's TSO,
/// which keeps them as its record of that retailer's customer there (<see cref="Model.TsoCustomerRecord"/>).
/// </summary>
public sealed record TsoCustomerDetailsOrder(string ApplicationNumber, string SupplyPointId, string RetailerCode, DateOnly Date, TsoCustomerDetails Customer)
{
    /// <summary>The order's idempotency key: the application number (unique at the hub).</summary>
    [JsonIgnore]
    public string Key => ApplicationNumber;
}

/// <summary>The customer details IF_10810 carries: お客様番号, 漢字氏名, カナ氏名, 郵便番号, 住所, 建物名, 電話番号 (limits: docs/formats.md).</summary>
public sealed record TsoCustomerDetails(string CustomerNumber, string Name, string? NameKana, string? PostalCode, string Address, string? Building, string? Phone);

/// <summary>A TSO node's record of one retailer's customer at a point: the latest details it received, from which application and when.</summary>
public sealed record TsoCustomerOnRecord(string RetailerCode, string ApplicationNumber, DateOnly EffectiveDate, DateTimeOffset ReceivedAt, TsoCustomerDetails Customer);

/// <summary>The hub's order to a TSO: switch <paramref name="SupplyPointId"/> from one retailer to another on a date.</summary>
public sealed record TsoSwitchOrder(string SwitchInNumber, string SwitchOutNumber, string SupplyPointId, string FromRetailer, string ToRetailer, DateOnly SwitchDate)
{
    /// <summary>The order's idempotency key: the switch-in and switch-out numbers (each pair is matched once).</summary>
    [JsonIgnore]
    public string Key => SwitchInNumber + "/" + SwitchOutNumber;
}

/// <summary>The TSO's answer: done (with the contracts ended and started) or refused with a reason.</summary>
public sealed record TsoSwitchResult(bool Completed, long? EndedContractId, long? StartedContractId, string? Reason);
