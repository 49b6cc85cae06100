using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso;

/// <summary>
/// Hub-vs-TSO contract reconciliation (docs/architecture.md): the hub's copy of an area's wheeling contracts
/// compared with the area's TSO node, which keeps the record. Contracts are compared as periods (supply point,
/// retailer, start, end); IDs and feed positions are each store's own. Every period found on one side only is a
/// difference: a period whose end differs shows once on each side.
/// </summary>
public static class ContractReconciliation
{
    /// <summary>The TSO node's side: every wheeling contract of its area, ordered by point and start.</summary>
    internal static async Task<Results<Ok<List<ContractPeriod>>, ProblemHttpResult>> GetTsoContracts(string area, TsoNodeArea served, SwitchingDbContext db, CancellationToken cancellationToken)
    {
        if (!int.TryParse(area, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number != served.Area)
        {
            return TypedResults.Problem($"this TSO serves area {served.Area:D2}, not '{area}'", statusCode: StatusCodes.Status404NotFound, title: "Area not served here");
        }

        return TypedResults.Ok(await PeriodsAsync(db, served.Area, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The hub's side: <c>GET /internal/v1/operator/reconciliation/{area}</c>, comparing its copy with the area's TSO node.</summary>
    internal static async Task<Results<Ok<ReconciliationReport>, ProblemHttpResult>> Reconcile(
        string area, TsoDirectory directory, SwitchingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!int.TryParse(area, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 10)
        {
            return TypedResults.Problem($"'{area}' is not an area 01 to 10", statusCode: StatusCodes.Status400BadRequest, title: "Invalid area");
        }

        if (!directory.IsRemote(number))
        {
            return TypedResults.Problem($"area {number:D2} has no TSO node of its own (its TSO runs in the hub's transaction, on the hub's store): nothing to reconcile",
                statusCode: StatusCodes.Status404NotFound, title: "No TSO node for the area");
        }

        List<ContractPeriod> tso;
        try
        {
            tso = await directory.RemoteFor(number).ReadContractsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TsoUnavailableException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "TSO node not reachable");
        }

        var hub = await PeriodsAsync(db, number, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Compare(number, hub, tso, clock.GetUtcNow()));
    }

    /// <summary>Every period on one side only, ordered by point, start and side.</summary>
    public static ReconciliationReport Compare(int area, IReadOnlyCollection<ContractPeriod> hub, IReadOnlyCollection<ContractPeriod> tso, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(tso);
        var atTso = tso.ToHashSet();
        var atHub = hub.ToHashSet();
        var differences = hub.Where(p => !atTso.Contains(p)).Select(p => new ContractDifference(OnlyAtHub, p))
            .Concat(tso.Where(p => !atHub.Contains(p)).Select(p => new ContractDifference(OnlyAtTso, p)))
            .OrderBy(d => d.Period.SupplyPointId, StringComparer.Ordinal).ThenBy(d => d.Period.StartDate).ThenBy(d => d.Side, StringComparer.Ordinal)
            .ToList();
        return new ReconciliationReport(area, at, hub.Count, tso.Count, differences.Count == 0, differences);
    }

    public const string OnlyAtHub = "only_at_hub";

    public const string OnlyAtTso = "only_at_tso";

    private static Task<List<ContractPeriod>> PeriodsAsync(SwitchingDbContext db, int area, CancellationToken cancellationToken) =>
        (from c in db.WheelingContracts.AsNoTracking()
         join p in db.SupplyPoints.AsNoTracking() on c.SupplyPointId equals p.Id
         where p.Area == area
         orderby c.SupplyPointId, c.StartDate
         select new ContractPeriod(c.SupplyPointId, c.RetailerCode, c.StartDate, c.EndDate))
        .ToListAsync(cancellationToken);
}

/// <summary>One wheeling contract as a period: start inclusive, end exclusive (null while open).</summary>
public sealed record ContractPeriod(string SupplyPointId, string RetailerCode, DateOnly StartDate, DateOnly? EndDate);

/// <summary>A period found on one side only (<see cref="ContractReconciliation.OnlyAtHub"/> or <see cref="ContractReconciliation.OnlyAtTso"/>).</summary>
public sealed record ContractDifference(string Side, ContractPeriod Period);

/// <summary>The reconciliation of one area: how many periods each side holds, and every difference.</summary>
public sealed record ReconciliationReport(int Area, DateTimeOffset At, int HubContracts, int TsoContracts, bool Consistent, IReadOnlyList<ContractDifference> Differences);
