using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso.Node;

/// <summary>
/// The TSO node's side of the hand-off: applies each order of the hub at most once, in one transaction of the
/// TSO's own store that changes its contracts, audits the step and records the answer (<see cref="TsoReceipt"/>);
/// a repeat of the order's key gets the recorded answer, a reuse of the key for another order a conflict.
/// </summary>
internal sealed class TsoOrderDesk(TsoNodeArea served, SwitchingDbContext db, TimeProvider clock, WriteGate? writeGate = null)
{
    public int Area => served.Area;

    /// <summary>接続供給の切替 (switch) at this TSO.</summary>
    public Task<TsoAnswer> SwitchAsync(TsoSwitchOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return ApplyOnceAsync(order.Key, TsoOrderKinds.Switch, JsonSerializer.Serialize(order, TsoRoutes.Json), order.SupplyPointId,
            tso => tso.CompleteSwitchAsync(order, cancellationToken), cancellationToken);
    }

    /// <summary>再点 / 廃止 (move-in / move-out) at this TSO.</summary>
    public Task<TsoAnswer> ChangeSupplyAsync(TsoSupplyOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return ApplyOnceAsync(order.Key, TsoOrderKinds.SupplyChange, JsonSerializer.Serialize(order, TsoRoutes.Json), order.SupplyPointId,
            tso => tso.ChangeSupplyAsync(order, cancellationToken), cancellationToken);
    }

    /// <summary>アンペア変更 (ampere change) at this TSO.</summary>
    public Task<TsoAnswer> ChangeAmperesAsync(TsoAmpereOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return ApplyOnceAsync(order.Key, TsoOrderKinds.Ampere, JsonSerializer.Serialize(order, TsoRoutes.Json), order.SupplyPointId,
            tso => tso.ChangeAmperesAsync(order, cancellationToken), cancellationToken);
    }

    /// <summary>需要者情報変更 (customer details) at this TSO.</summary>
    public Task<TsoAnswer> ChangeCustomerDetailsAsync(TsoCustomerDetailsOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        return ApplyOnceAsync(order.Key, TsoOrderKinds.CustomerDetails, JsonSerializer.Serialize(order, TsoRoutes.Json), order.SupplyPointId,
            tso => tso.ChangeCustomerDetailsAsync(order, cancellationToken), cancellationToken);
    }

    private async Task<TsoAnswer> ApplyOnceAsync(
        string key, string kind, string body, string pointId, Func<ITsoService, Task<TsoSwitchResult>> apply, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + body)));
        db.ChangeTracker.Clear();
        using var turn = writeGate is null ? null : await writeGate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // The change feed's lock first: every order at this TSO is serialised, the receipt check included, so two
        // copies of one order arriving together apply it once.
        await db.StoreLocks.Where(l => l.Name == StoreLock.ChangeFeed)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Version, l => l.Version + 1), cancellationToken)
            .ConfigureAwait(false);
        var receipt = await db.TsoReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, cancellationToken).ConfigureAwait(false);
        if (receipt is not null)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            return receipt.RequestHash == hash && receipt.Kind == kind
                ? new TsoAnswer(JsonSerializer.Deserialize<TsoSwitchResult>(receipt.Result, TsoRoutes.Json)!, Repeated: true, Conflict: false)
                : new TsoAnswer(null, Repeated: true, Conflict: true);
        }

        var known = await db.SupplyPoints.AnyAsync(p => p.Id == pointId, cancellationToken).ConfigureAwait(false);
        var result = known
            ? await apply(new LocalTsoService(served.Area, db, clock)).ConfigureAwait(false)
            : new TsoSwitchResult(false, null, null, $"supply point {pointId} is not among this TSO's supply points");
        if (!result.Completed)
        {
            // A refusal changes no contract; whatever the TSO service staged is dropped, the refusal is recorded.
            db.ChangeTracker.Clear();
        }

        var now = clock.GetUtcNow();
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = TsoActors.Tso,
            Subject = "tso-order",
            SubjectId = key.Length > 32 ? key[..32] : key,
            Action = result.Completed ? "applied" : "refused",
            Detail = string.Create(CultureInfo.InvariantCulture, $"{kind} order {key} for {pointId} (area {served.Area:D2}){(result.Completed ? string.Empty : ": " + result.Reason)}"),
        });
        db.TsoReceipts.Add(new TsoReceipt { Key = key, Kind = kind, RequestHash = hash, Result = JsonSerializer.Serialize(result, TsoRoutes.Json), ReceivedAt = now });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new TsoAnswer(result, Repeated: false, Conflict: false);
    }
}

/// <summary>The area a TSO node serves (one node, one area).</summary>
internal sealed record TsoNodeArea(int Area);

/// <summary>The desk's answer: the result (null on a conflict), whether it was recorded before, whether the key was reused for another order.</summary>
internal sealed record TsoAnswer(TsoSwitchResult? Result, bool Repeated, bool Conflict);
