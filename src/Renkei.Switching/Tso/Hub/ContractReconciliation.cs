using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso.Hub;

/// <summary>
/// Hub-vs-TSO contract reconciliation (docs/architecture.md): the hub's copy of an area's wheeling contracts
/// compared with the area's TSO node, which keeps the record. Contracts are compared as periods (supply point,
/// retailer, start, end); IDs and feed positions are each store's own. Every period found on one side only is a
/// difference: a period whose end differs shows once on each side.
/// <para>
/// Paged by supply point: a page covers every point after the cursor up to its <c>next</c>, and each point's
/// contracts are compared whole in one page (both sides are read for the same points), so the pages join up to the
/// whole area with no point skipped, doubled or split. Each side reads the contracts of at most <c>limit</c> points;
/// the page ends at the lower of the two sides' last points when a side had more.
/// </para>
/// </summary>
internal static class ContractReconciliation
{
    public const string OnlyAtHub = "only_at_hub";

    public const string OnlyAtTso = "only_at_tso";

    /// <summary>
    /// The hub's side: <c>GET /internal/v1/operator/reconciliation/{area}?after=&amp;limit=</c>, comparing one page of
    /// its copy with the same points at the area's TSO node.
    /// </summary>
    internal static async Task<Results<Ok<ReconciliationReport>, ProblemHttpResult>> Reconcile(
        string area, TsoDirectory directory, SwitchingDbContext db, TimeProvider clock, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!int.TryParse(area, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 10 || area.Length != 2)
        {
            return TypedResults.Problem($"'{area}' is not an area 01 to 10", statusCode: StatusCodes.Status400BadRequest, title: "Invalid area");
        }

        var (paging, error) = ContractPeriodPages.ParsePaging(request.Query, number);
        if (error is not null)
        {
            return error;
        }

        if (!directory.IsRemote(number))
        {
            return TypedResults.Problem($"area {number:D2} has no TSO node of its own (its TSO runs in the hub's transaction, on the hub's store): nothing to reconcile",
                statusCode: StatusCodes.Status404NotFound, title: "No TSO node for the area");
        }

        ContractPeriodPage tso;
        try
        {
            tso = await directory.RemoteFor(number).ReadContractsAsync(paging.After, paging.Limit, cancellationToken).ConfigureAwait(false);
        }
        catch (TsoUnavailableException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "TSO node not reachable");
        }

        var hub = await ContractPeriodPages.PageAsync(db, number, paging.After, paging.Limit, cancellationToken).ConfigureAwait(false);

        // A side whose page was full may hold more points after its last one; the page ends at the lower of those
        // ends, and each side's periods beyond it are left for the next page (where they are read again, whole).
        var next = Lower(hub.Next, tso.Next);
        return TypedResults.Ok(Compare(number, Upto(hub.Items, next), Upto(tso.Items, next), clock.GetUtcNow()) with { After = paging.After, Next = next });
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
        return new ReconciliationReport(area, at, null, null, hub.Count, tso.Count, differences.Count == 0, differences);
    }

    private static string? Lower(string? a, string? b) =>
        a is null ? b : b is null ? a : string.CompareOrdinal(a, b) <= 0 ? a : b;

    private static List<ContractPeriod> Upto(IReadOnlyList<ContractPeriod> periods, string? last) =>
        last is null ? [.. periods] : [.. periods.Where(p => string.CompareOrdinal(p.SupplyPointId, last) <= 0)];
}

/// <summary>A period found on one side only (<see cref="ContractReconciliation.OnlyAtHub"/> or <see cref="ContractReconciliation.OnlyAtTso"/>).</summary>
internal sealed record ContractDifference(string Side, ContractPeriod Period);

/// <summary>
/// The reconciliation of one page of an area: the points after <c>After</c> up to <c>Next</c> (to the end when
/// <c>Next</c> is null), how many periods each side holds for them, and every difference.
/// </summary>
internal sealed record ReconciliationReport(int Area, DateTimeOffset At, string? After, string? Next, int HubContracts, int TsoContracts, bool Consistent, IReadOnlyList<ContractDifference> Differences);
