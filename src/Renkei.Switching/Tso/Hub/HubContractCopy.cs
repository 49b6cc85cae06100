using System.Text.Json;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso.Hub;

/// <summary>
/// The hub's copy of an area's wheeling contracts follows its TSO node: once the node has completed a switch, a
/// move-in or a move-out, the same change is made to the hub's copy (audited as <see cref="TsoActors.Hub"/>), so the
/// hub's change feed serves it. The node keeps the record: a change the hub's copy does not allow is a disagreement
/// to be reconciled (<see cref="ContractReconciliation"/>), thrown here so the answer stays pending.
/// </summary>
internal static class HubContractCopy
{
    /// <summary>Makes <paramref name="order"/>'s change, which the TSO of its area completed, to the hub's contracts in <paramref name="db"/>'s transaction.</summary>
    public static async Task ApplyAsync(TsoOrder order, SwitchingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var copy = new WheelingContractChanges(order.Area, db, clock, TsoActors.Hub);
        var copied = order.Kind == TsoOrderKinds.Switch
            ? await copy.SwitchAsync(JsonSerializer.Deserialize<TsoSwitchOrder>(order.Body, TsoRoutes.Json)!, cancellationToken).ConfigureAwait(false)
            : await copy.ChangeSupplyAsync(JsonSerializer.Deserialize<TsoSupplyOrder>(order.Body, TsoRoutes.Json)!, cancellationToken).ConfigureAwait(false);
        if (!copied.Completed)
        {
            throw new InvalidOperationException($"TSO order {order.Key}: the TSO of area {order.Area:D2} completed it, but the hub's copy of the contracts does not allow it ({copied.Reason})");
        }
    }
}
