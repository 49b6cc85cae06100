namespace Renkei.Switching.Tso;

/// <summary>
/// The hub ↔ TSO internal interface (docs/architecture.md): the hub routes each matched switch, by the supply
/// point's area, to that area's TSO service, which keeps the area's wheeling contracts and answers with its
/// result. <see cref="LocalTsoService"/> runs in-process, in the hub's transaction; a TSO in its own process
/// (<see cref="TsoHost"/>) takes the same order and answers the same result over HTTP (<see cref="TsoClient"/>),
/// through the hub's outbox (<see cref="TsoOrderDispatcher"/>).
/// </summary>
public interface ITsoService
{
    /// <summary>The area (01–10) this TSO serves.</summary>
    int Area { get; }

    /// <summary>接続供給の切替: ends the current contract and starts the new retailer's on the switch date.</summary>
    Task<TsoSwitchResult> CompleteSwitchAsync(TsoSwitchOrder order, CancellationToken cancellationToken);

    /// <summary>再点 / 廃止: starts a contract (move-in) or ends the current one (move-out) on a date.</summary>
    Task<TsoSwitchResult> ChangeSupplyAsync(TsoSupplyOrder order, CancellationToken cancellationToken);

    /// <summary>アンペア変更: the point's contract current becomes the order's, effective on its date (a TSO node of its own only).</summary>
    Task<TsoSwitchResult> ChangeAmperesAsync(TsoAmpereOrder order, CancellationToken cancellationToken);
}

/// <summary>
/// The hub's order for an ampere change (IF_10910) of <paramref name="RetailerCode"/>'s point, sent on its change
/// date <paramref name="Date"/>. <paramref name="Seq"/> is the hub's order number (its outbox row's ID): the TSO
/// keeps it with the point's amperes and its supply-point changes carry it, so the hub can tell which of its ampere
/// orders a change reflects.
/// </summary>
public sealed record TsoAmpereOrder(string ApplicationNumber, string SupplyPointId, string RetailerCode, int Amperes, DateOnly Date, long Seq)
{
    /// <summary>The order's idempotency key: the application number (unique at the hub).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => ApplicationNumber;
}

/// <summary>The hub's order for a move-in (<paramref name="Start"/> true) or a move-out of one retailer's supply.</summary>
public sealed record TsoSupplyOrder(string ApplicationNumber, string SupplyPointId, string RetailerCode, bool Start, DateOnly Date)
{
    /// <summary>The order's idempotency key: the application number (unique at the hub).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => ApplicationNumber;
}

/// <summary>The hub's order to a TSO: switch <paramref name="SupplyPointId"/> from one retailer to another on a date.</summary>
public sealed record TsoSwitchOrder(string SwitchInNumber, string SwitchOutNumber, string SupplyPointId, string FromRetailer, string ToRetailer, DateOnly SwitchDate)
{
    /// <summary>The order's idempotency key: the switch-in and switch-out numbers (each pair is matched once).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => SwitchInNumber + "/" + SwitchOutNumber;
}

/// <summary>The TSO's answer: done (with the contracts ended and started) or refused with a reason.</summary>
public sealed record TsoSwitchResult(bool Completed, long? EndedContractId, long? StartedContractId, string? Reason);
