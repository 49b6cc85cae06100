namespace Renkei.Switching.Model;

/// <summary>
/// The hub's outbox of orders to an area TSO in its own process: written in the transaction that matches a switch
/// (or accepts a move-in / move-out), sent until the TSO answers, and marked answered in the transaction that
/// applies the answer. A pending row is a promise the hub keeps across crashes (docs/architecture.md).
/// </summary>
public sealed class TsoOrder
{
    public long Id { get; set; }

    /// <summary>The order's idempotency key: "{switch-in}/{switch-out}" for a switch, the application number for a move-in / move-out or an ampere change.</summary>
    public required string Key { get; set; }

    public int Area { get; set; }

    /// <summary><see cref="TsoOrderKinds.Switch"/>, <see cref="TsoOrderKinds.SupplyChange"/>, <see cref="TsoOrderKinds.Ampere"/> or <see cref="TsoOrderKinds.CustomerDetails"/>.</summary>
    public required string Kind { get; set; }

    public required string SupplyPointId { get; set; }

    /// <summary>The order as sent (JSON of <c>TsoSwitchOrder</c>, <c>TsoSupplyOrder</c>, <c>TsoAmpereOrder</c> or <c>TsoCustomerDetailsOrder</c>).</summary>
    public required string Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Sends that got no answer (connection refused, timeout, a 5xx).</summary>
    public int FailedAttempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>When the hub applied the TSO's answer; null while pending.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The TSO's answer (JSON of <c>TsoSwitchResult</c>), once applied.</summary>
    public string? Result { get; set; }
}

/// <summary>The kinds of <see cref="TsoOrder"/>.</summary>
public static class TsoOrderKinds
{
    public const string Switch = "switch";

    public const string SupplyChange = "supply";

    /// <summary>アンペア変更 (IF_10910): the point's contract current, sent on the change date.</summary>
    public const string Ampere = "ampere";

    /// <summary>需要者情報変更 (IF_10810): the retailer's new customer details, for the TSO's record.</summary>
    public const string CustomerDetails = "customer";
}
