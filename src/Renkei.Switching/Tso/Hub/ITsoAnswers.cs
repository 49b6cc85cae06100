namespace Renkei.Switching.Tso.Hub;

/// <summary>
/// Where the hub's outbox sender (<see cref="TsoOrderDispatcher"/>) hands what a TSO node says: its answer to an
/// order, and each change of a supply point's facts at the node. The hub's application processing implements it
/// (each applied once, in a hub transaction under the point's lock), so the TSO side never depends on it.
/// </summary>
internal interface ITsoAnswers
{
    /// <summary>Applies the TSO's answer to the order <paramref name="key"/> once: true when applied now, false when applied before.</summary>
    Task<bool> ApplyTsoAnswerAsync(string key, TsoSwitchResult result, CancellationToken cancellationToken);

    /// <summary>Applies one supply-point change of area <paramref name="area"/>'s TSO node to the hub's copy once: false when applied before.</summary>
    Task<bool> ApplyPointChangeAsync(int area, PointChangeItem change, CancellationToken cancellationToken);
}
