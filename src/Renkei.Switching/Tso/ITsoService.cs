namespace Renkei.Switching.Tso;

/// <summary>
/// The hub ↔ TSO internal interface (docs/architecture.md): the hub routes each matched switch, by the supply
/// point's area, to that area's TSO service, which keeps the area's wheeling contracts and answers with its
/// result. One implementation runs in-process (<see cref="LocalTsoService"/>); a remote one would carry the same
/// order and result over HTTP.
/// </summary>
public interface ITsoService
{
    /// <summary>The area (01–10) this TSO serves.</summary>
    int Area { get; }

    /// <summary>接続供給の切替: ends the current contract and starts the new retailer's on the switch date.</summary>
    Task<TsoSwitchResult> CompleteSwitchAsync(TsoSwitchOrder order, CancellationToken cancellationToken);

    /// <summary>再点 / 廃止: starts a contract (move-in) or ends the current one (move-out) on a date.</summary>
    Task<TsoSwitchResult> ChangeSupplyAsync(TsoSupplyOrder order, CancellationToken cancellationToken);
}

/// <summary>The hub's order for a move-in (<paramref name="Start"/> true) or a move-out of one retailer's supply.</summary>
public sealed record TsoSupplyOrder(string ApplicationNumber, string SupplyPointId, string RetailerCode, bool Start, DateOnly Date);

/// <summary>The hub's order to a TSO: switch <paramref name="SupplyPointId"/> from one retailer to another on a date.</summary>
public sealed record TsoSwitchOrder(string SwitchInNumber, string SwitchOutNumber, string SupplyPointId, string FromRetailer, string ToRetailer, DateOnly SwitchDate);

/// <summary>The TSO's answer: done (with the contracts ended and started) or refused with a reason.</summary>
public sealed record TsoSwitchResult(bool Completed, long? EndedContractId, long? StartedContractId, string? Reason);
