using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso;

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
public static class ContractReconciliation
{
    /// <summary>Points per page when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 1_000;

    /// <summary>The most points a page may ask for.</summary>
    public const int MaxLimit = 10_000;

    public const string OnlyAtHub = "only_at_hub";

    public const string OnlyAtTso = "only_at_tso";

    private static readonly string[] QueryParameters = ["after", "limit"];

    /// <summary>
    /// The TSO node's side: <c>GET /internal/v1/tso/{area}/wheeling-contracts?after=&amp;limit=</c>, the contracts of
    /// the first <c>limit</c> points after <c>after</c> that have any, ordered by point and start.
    /// </summary>
    internal static async Task<Results<Ok<ContractPeriodPage>, ProblemHttpResult>> GetTsoContracts(string area, TsoNodeArea served, SwitchingDbContext db, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!int.TryParse(area, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number != served.Area)
        {
            return TypedResults.Problem($"this TSO serves area {served.Area:D2}, not '{area}'", statusCode: StatusCodes.Status404NotFound, title: "Area not served here");
        }

        var (paging, error) = ParsePaging(request.Query, served.Area);
        return error ?? (Results<Ok<ContractPeriodPage>, ProblemHttpResult>)TypedResults.Ok(
            await PageAsync(db, served.Area, paging.After, paging.Limit, cancellationToken).ConfigureAwait(false));
    }

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

        var (paging, error) = ParsePaging(request.Query, number);
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

        var hub = await PageAsync(db, number, paging.After, paging.Limit, cancellationToken).ConfigureAwait(false);

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

    /// <summary>The query's paging, or a 400 naming the parameter at fault (unknown, repeated, or out of range).</summary>
    internal static (Paging Paging, ProblemHttpResult? Error) ParsePaging(IQueryCollection query, int area)
    {
        foreach (var (name, values) in query)
        {
            if (!QueryParameters.Contains(name, StringComparer.Ordinal))
            {
                return (default, BadParameter(name, $"'{name}' is not a parameter of this route (after, limit)"));
            }

            if (values.Count != 1)
            {
                return (default, BadParameter(name, $"'{name}' is given {values.Count} times; give it once"));
            }
        }

        string? after = null;
        if (query.TryGetValue("after", out var afterText))
        {
            after = afterText.ToString();
            if (!SupplyPointId.TryParse(after, out var point) || (int)point.Area != area)
            {
                return (default, BadParameter("after", $"'after' must be a supply point ID of area {area:D2} (22 digits starting {area:D2}): the 'next' of the page before"));
            }
        }

        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (default, BadParameter("limit", $"'limit' must be a whole number of supply points from 1 to {MaxLimit} (default {DefaultLimit})"));
        }

        return (new Paging(after, limit), null);
    }

    private static ProblemHttpResult BadParameter(string name, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query parameter", extensions: new Dictionary<string, object?> { ["field"] = name });

    private static string? Lower(string? a, string? b) =>
        a is null ? b : b is null ? a : string.CompareOrdinal(a, b) <= 0 ? a : b;

    private static List<ContractPeriod> Upto(IReadOnlyList<ContractPeriod> periods, string? last) =>
        last is null ? [.. periods] : [.. periods.Where(p => string.CompareOrdinal(p.SupplyPointId, last) <= 0)];

    /// <summary>
    /// The contracts of the first <paramref name="limit"/> points of the area after <paramref name="after"/> that have
    /// any, ordered by point and start; <c>Next</c> is the last of those points when there were that many (more may
    /// follow), else null. Supply point IDs are 22 digits, so every collation orders them as the ordinal comparison does.
    /// </summary>
    private static async Task<ContractPeriodPage> PageAsync(SwitchingDbContext db, int area, string? after, int limit, CancellationToken cancellationToken)
    {
        var inArea = from c in db.WheelingContracts.AsNoTracking()
                     join p in db.SupplyPoints.AsNoTracking() on c.SupplyPointId equals p.Id
                     where p.Area == area
                     select c;
        // string.Compare is what EF Core translates to SQL's > and <= on both providers (CompareOrdinal is not
        // translated); the database compares, and for 22-digit IDs every collation agrees with the ordinal order.
#pragma warning disable CA1309
        if (after is not null)
        {
            inArea = inArea.Where(c => string.Compare(c.SupplyPointId, after) > 0);
        }

        var points = await inArea.Select(c => c.SupplyPointId).Distinct().OrderBy(id => id).Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (points.Count == 0)
        {
            return new ContractPeriodPage([], null);
        }

        var last = points[^1];
        var items = await inArea.Where(c => string.Compare(c.SupplyPointId, last) <= 0)
            .OrderBy(c => c.SupplyPointId).ThenBy(c => c.StartDate)
            .Select(c => new ContractPeriod(c.SupplyPointId, c.RetailerCode, c.StartDate, c.EndDate))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
#pragma warning restore CA1309
        return new ContractPeriodPage(items, points.Count == limit ? last : null);
    }

    internal readonly record struct Paging(string? After, int Limit);
}

/// <summary>One wheeling contract as a period: start inclusive, end exclusive (null while open).</summary>
public sealed record ContractPeriod(string SupplyPointId, string RetailerCode, DateOnly StartDate, DateOnly? EndDate);

/// <summary>A TSO node's page of an area's contracts: every period of some points; <c>Next</c> the last point when more may follow.</summary>
public sealed record ContractPeriodPage(IReadOnlyList<ContractPeriod> Items, string? Next);

/// <summary>A period found on one side only (<see cref="ContractReconciliation.OnlyAtHub"/> or <see cref="ContractReconciliation.OnlyAtTso"/>).</summary>
public sealed record ContractDifference(string Side, ContractPeriod Period);

/// <summary>
/// The reconciliation of one page of an area: the points after <c>After</c> up to <c>Next</c> (to the end when
/// <c>Next</c> is null), how many periods each side holds for them, and every difference.
/// </summary>
public sealed record ReconciliationReport(int Area, DateTimeOffset At, string? After, string? Next, int HubContracts, int TsoContracts, bool Consistent, IReadOnlyList<ContractDifference> Differences);
