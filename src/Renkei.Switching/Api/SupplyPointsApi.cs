using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Api;

/// <summary>設備情報照会 (IF_10110) and 供給地点特定番号検索 (supply point search).</summary>
public static class SupplyPointsApi
{
    public const string SearchPolicy = "supply-point-search";

    /// <summary>Searches per retailer per minute.</summary>
    public const int SearchesPerMinute = 30;

    public static void AddSupplyPointSearchLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SearchPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Request.Headers[ApplicationsApi.RetailerHeader].ToString(),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = SearchesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    public static IEndpointRouteBuilder MapSupplyPointsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/v1/supply-points");
        api.MapGet("/search", Search).RequireRateLimiting(SearchPolicy);
        api.MapGet("/{id}/facility", Facility).WithName("IF_10110");
        return app;
    }

    internal static async Task<IResult> Facility(HttpContext http, SwitchingDbContext db, TimeProvider clock, Applications.SwitchingDates dates, string id, CancellationToken cancellationToken)
    {
        var caller = http.Request.Headers[ApplicationsApi.RetailerHeader].ToString();
        if (!RetailerCode.TryParse(caller, out _, out _))
        {
            return TypedResults.Problem($"the {ApplicationsApi.RetailerHeader} header is missing or malformed", statusCode: StatusCodes.Status401Unauthorized, title: "Unknown caller");
        }

        if (!SupplyPointId.TryParse(id, out _, out var error))
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid supply point ID");
        }

        var point = await db.SupplyPoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken).ConfigureAwait(false);
        if (point is null)
        {
            return TypedResults.Problem($"supply point {Renkei.Formats.Text.Echo.Prefix(id)} not found", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow(), Actor = caller, Subject = "supply-point", SubjectId = id, Action = "facility-inquiry" });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var today = Domain.Time.Jst.Today(clock);
        var scheduled = await db.Applications.AsNoTracking()
            .Where(a => a.SupplyPointId == id && a.Kind == Model.ApplicationKinds.AmpereChange
                && (a.Status == Model.ApplicationStatus.Received || a.Status == Model.ApplicationStatus.AtTso))
            .OrderBy(a => a.SwitchDate)
            .Select(a => new { a.Amperes, a.SwitchDate })
            .FirstOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        await dates.Schedules.RefreshAsync(db, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new FacilityView(
            point.Id,
            point.VoltageClass,
            point.ContractType,
            point.ContractAmperes,
            point.ContractCapacityKw,
            point.MeterType,
            point.RemoteReading,
            dates.NextReadingDay(today, point),
            point.SmartMeterReplacement,
            point.SmartMeterReplacementDate,
            scheduled?.Amperes,
            scheduled?.SwitchDate,
            point.ReadingSchedule));
    }

    /// <summary>
    /// Finds supply points by site address (contained) and the current contract holder's name (exact, spaces
    /// ignored); answers only IDs and addresses, at most 20. Both terms are required, each search is audited, and
    /// each retailer may search <see cref="SearchesPerMinute"/> times a minute.
    /// </summary>
    internal static async Task<IResult> Search(HttpContext http, SwitchingDbContext db, TimeProvider clock, string? address, string? holderName, CancellationToken cancellationToken)
    {
        var caller = http.Request.Headers[ApplicationsApi.RetailerHeader].ToString();
        if (!RetailerCode.TryParse(caller, out _, out _))
        {
            return TypedResults.Problem($"the {ApplicationsApi.RetailerHeader} header is missing or malformed", statusCode: StatusCodes.Status401Unauthorized, title: "Unknown caller");
        }

        var errors = new List<RuleViolation>();
        if (string.IsNullOrWhiteSpace(address) || address.Trim().Length < 4)
        {
            errors.Add(new("SW060", "address", "address is required (at least 4 characters)", "住所（4文字以上）は必須です"));
        }

        if (string.IsNullOrWhiteSpace(holderName))
        {
            errors.Add(new("SW060", "holderName", "holderName is required", "契約名義は必須です"));
        }

        if (errors.Count > 0)
        {
            return ApplicationsApi.RuleProblem(errors, null);
        }

        var name = holderName!.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("　", string.Empty, StringComparison.Ordinal);
        var term = address!.Trim();
        var found = await (from p in db.SupplyPoints.AsNoTracking()
                           join c in db.WheelingContracts.AsNoTracking() on p.Id equals c.SupplyPointId
                           join h in db.ContractHolders.AsNoTracking() on new { c.SupplyPointId, c.RetailerCode } equals new { h.SupplyPointId, h.RetailerCode }
                           where c.EndDate == null && p.Address.Contains(term) && h.Name.Replace(" ", "").Replace("　", "") == name
                           orderby p.Id
                           select new SearchHit(p.Id, p.Address))
            .Take(20)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = caller,
            Subject = "supply-point",
            SubjectId = "search",
            Action = "search",
            Detail = string.Create(CultureInfo.InvariantCulture, $"address '{term}', holder '{name}': {found.Count} found"),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(found);
    }
}
