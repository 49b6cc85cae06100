using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso;

/// <summary>One wheeling contract as a period: start inclusive, end exclusive (null while open).</summary>
internal sealed record ContractPeriod(string SupplyPointId, string RetailerCode, DateOnly StartDate, DateOnly? EndDate);

/// <summary>A TSO node's page of an area's contracts: every period of some points; <c>Next</c> the last point when more may follow.</summary>
internal sealed record ContractPeriodPage(IReadOnlyList<ContractPeriod> Items, string? Next);

/// <summary>
/// An area's wheeling contracts read a page at a time, by supply point, from either side's store: the TSO node
/// serves its pages to the hub (<see cref="Node.TsoApi"/>) and the hub reads the same points of its copy
/// (<see cref="Hub.ContractReconciliation"/>). Each point's contracts are in one page whole.
/// </summary>
internal static class ContractPeriodPages
{
    /// <summary>Points per page when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 1_000;

    /// <summary>The most points a page may ask for.</summary>
    public const int MaxLimit = 10_000;

    private static readonly string[] QueryParameters = ["after", "limit"];

    /// <summary>The query's paging, or a 400 naming the parameter at fault (unknown, repeated, or out of range).</summary>
    public static (Paging Paging, ProblemHttpResult? Error) ParsePaging(IQueryCollection query, int area)
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

    /// <summary>
    /// The contracts of the first <paramref name="limit"/> points of the area after <paramref name="after"/> that have
    /// any, ordered by point and start; <c>Next</c> is the last of those points when there were that many (more may
    /// follow), else null. Supply point IDs are 22 digits, so every collation orders them as the ordinal comparison does.
    /// </summary>
    public static async Task<ContractPeriodPage> PageAsync(SwitchingDbContext db, int area, string? after, int limit, CancellationToken cancellationToken)
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

    private static ProblemHttpResult BadParameter(string name, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid query parameter", extensions: new Dictionary<string, object?> { ["field"] = name });

    internal readonly record struct Paging(string? After, int Limit);
}
