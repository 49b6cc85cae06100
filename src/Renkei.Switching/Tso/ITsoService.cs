namespace Renkei.Switching.Tso;

/// <summary>
/// The hub ↔ TSO internal interface (docs/architecture.md): the hub routes each matched switch, by the supply
/// point's area, to that area's TSO service, which keeps the area's wheeling contracts and answers with its
/// result. <see cref="Node.LocalTsoService"/> runs in-process, in the hub's transaction; a TSO in its own process
/// (<see cref="Node.TsoHost"/>) takes the same order and answers the same result over HTTP (<see cref="Hub.TsoClient"/>),
/// through the hub's outbox (<see cref="Hub.TsoOrderDispatcher"/>).
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

    /// <summary>需要者情報変更: the TSO keeps the retailer's new customer details at the point (a TSO node of its own only).</summary>
    Task<TsoSwitchResult> ChangeCustomerDetailsAsync(TsoCustomerDetailsOrder order, CancellationToken cancellationToken);
}
