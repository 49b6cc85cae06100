using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Formats.Text;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso.Node;

/// <summary>
/// 一般送配電事業者: the TSO of one area over the store that keeps its wheeling contracts, in that store's
/// transaction: its node's own store (<see cref="TsoOrderDesk"/>), or the hub's store for an area without a node of
/// its own (<see cref="Hub.TsoDirectory"/>), where it completes a switch inside the hub's transaction.
/// </summary>
internal sealed class LocalTsoService(int area, SwitchingDbContext db, TimeProvider clock) : ITsoService
{
    public int Area => area;

    public Task<TsoSwitchResult> CompleteSwitchAsync(TsoSwitchOrder order, CancellationToken cancellationToken) =>
        new WheelingContractChanges(area, db, clock, TsoActors.Tso).SwitchAsync(order, cancellationToken);

    /// <summary>
    /// The TSO's side of a move-in or move-out. A move-in needs someone to open the supply at the site: without the
    /// site-visit details (立会可否, and with a visit its date, time and person) the TSO cannot carry it out and refuses.
    /// </summary>
    public Task<TsoSwitchResult> ChangeSupplyAsync(TsoSupplyOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Start && !SiteVisitGiven(order.Content?.SiteVisit))
        {
            return Task.FromResult(new TsoSwitchResult(false, null, null, "a move-in needs the site-visit details (立会可否, and with a visit its date, time and person)"));
        }

        return new WheelingContractChanges(area, db, clock, TsoActors.Tso).ChangeSupplyAsync(order, cancellationToken);
    }

    private static bool SiteVisitGiven(Formats.Api.Switching.SiteVisit? visit) =>
        visit?.Possible is { } possible && (!possible || (visit.Date is not null && visit.Time is not null && !string.IsNullOrWhiteSpace(visit.Person)));

    /// <summary>
    /// The TSO's side of an ampere change: refused for a point it holds as high voltage (its contract is by
    /// capacity), a current that is not a standard one, or a retailer its contracts do not show supplying the point
    /// on the date; an order older than the one the point already reflects is answered as done and changes nothing;
    /// otherwise the point's contract current and <see cref="SupplyPoint.AmpereOrder"/> change.
    /// </summary>
    public async Task<TsoSwitchResult> ChangeAmperesAsync(TsoAmpereOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var point = await db.SupplyPoints.SingleOrDefaultAsync(p => p.Id == order.SupplyPointId, cancellationToken).ConfigureAwait(false);
        if (point is null)
        {
            return new TsoSwitchResult(false, null, null, $"supply point {order.SupplyPointId} is not among this TSO's supply points");
        }

        if (point.VoltageClass != VoltageClasses.Low)
        {
            return new TsoSwitchResult(false, null, null, "the point is high voltage at this TSO: its contract is by capacity, not by amperes");
        }

        if (!ContractCurrents.Standard.Contains(order.Amperes))
        {
            return new TsoSwitchResult(false, null, null, string.Create(CultureInfo.InvariantCulture, $"{order.Amperes} A is not a standard contract current"));
        }

        var supplies = await db.WheelingContracts
            .AnyAsync(c => c.SupplyPointId == order.SupplyPointId && c.RetailerCode == order.RetailerCode && c.StartDate <= order.Date && (c.EndDate == null || c.EndDate > order.Date), cancellationToken)
            .ConfigureAwait(false);
        if (!supplies)
        {
            return new TsoSwitchResult(false, null, null, string.Create(CultureInfo.InvariantCulture, $"{order.RetailerCode} does not supply the point on {DateText.Format(order.Date)} in this TSO's contracts"));
        }

        string action, detail;
        if (order.Seq < point.AmpereOrder)
        {
            // An older hub order arriving after a newer one (the hub sends in order, but a repeat of an old order
            // can still come late): the newer current stays; the order is answered as done, as the hub's own copy
            // also keeps the newer one.
            action = "amperes-kept";
            detail = string.Create(CultureInfo.InvariantCulture,
                $"{order.Amperes} A by {order.ApplicationNumber} (hub order {order.Seq}) not applied: the point already reflects the newer hub order {point.AmpereOrder} ({point.ContractAmperes?.ToString(CultureInfo.InvariantCulture) ?? "-"} A), area {area:D2}");
        }
        else
        {
            action = "amperes-changed";
            detail = string.Create(CultureInfo.InvariantCulture,
                $"contract current {point.ContractAmperes?.ToString(CultureInfo.InvariantCulture) ?? "-"} A → {order.Amperes} A, effective {DateText.Format(order.Date)}, by {order.ApplicationNumber} (hub order {order.Seq}, area {area:D2})");
            point.ContractAmperes = order.Amperes;
            point.AmpereOrder = order.Seq;
        }

        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = TsoActors.Tso,
            Subject = "supply-point",
            SubjectId = point.Id,
            Action = action,
            Detail = detail,
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new TsoSwitchResult(true, null, null, null);
    }

    /// <summary>
    /// The TSO's side of a customer-details change: refused for a retailer its contracts do not show supplying the
    /// point on the change's date; otherwise the details become its record of that retailer's customer there (a new
    /// <see cref="TsoCustomerRecord"/>, the earlier ones kept as history).
    /// </summary>
    public async Task<TsoSwitchResult> ChangeCustomerDetailsAsync(TsoCustomerDetailsOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var supplies = await db.WheelingContracts
            .AnyAsync(c => c.SupplyPointId == order.SupplyPointId && c.RetailerCode == order.RetailerCode && c.StartDate <= order.Date && (c.EndDate == null || c.EndDate > order.Date), cancellationToken)
            .ConfigureAwait(false);
        if (!supplies)
        {
            return new TsoSwitchResult(false, null, null, string.Create(CultureInfo.InvariantCulture, $"{order.RetailerCode} does not supply the point on {DateText.Format(order.Date)} in this TSO's contracts"));
        }

        var now = clock.GetUtcNow();
        var c = order.Customer;
        db.TsoCustomerRecords.Add(new TsoCustomerRecord
        {
            SupplyPointId = order.SupplyPointId,
            RetailerCode = order.RetailerCode,
            ApplicationNumber = order.ApplicationNumber,
            CustomerNumber = c.CustomerNumber,
            Name = c.Name,
            NameKana = c.NameKana ?? string.Empty,
            PostalCode = c.PostalCode ?? string.Empty,
            Address = c.Address,
            Building = c.Building ?? string.Empty,
            Phone = c.Phone ?? string.Empty,
            EffectiveDate = order.Date,
            ReceivedAt = now,
        });
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            Actor = TsoActors.Tso,
            Subject = "supply-point",
            SubjectId = order.SupplyPointId,
            Action = "customer-details-kept",
            Detail = string.Create(CultureInfo.InvariantCulture, $"{order.RetailerCode}'s customer {c.CustomerNumber}, effective {DateText.Format(order.Date)}, by {order.ApplicationNumber} (area {area:D2})"),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new TsoSwitchResult(true, null, null, null);
    }
}
