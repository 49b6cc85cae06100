using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso.Node;

/// <summary>
/// The TSO node's internal API, called by the hub only (docs/architecture.md, "The hub and the TSOs"). Each order
/// is answered 200 with the TSO's result, completed or refused (a refusal is the TSO's answer, not an error); a
/// malformed order 400 and an order for another area 404, both changing nothing; a key reused for another order
/// 409.
/// </summary>
internal static class TsoApi
{
    public static IEndpointRouteBuilder MapTsoApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/v1/tso/{area}");
        api.MapPost("/switches", PostSwitch);
        api.MapPost("/supply-changes", PostSupplyChange);
        api.MapPost("/ampere-changes", PostAmpereChange);
        api.MapPost("/customer-details", PostCustomerDetails);
        api.MapGet("/point-changes", GetPointChanges);
        api.MapGet("/wheeling-contracts", GetContracts);
        app.MapPost("/internal/v1/tso-operator/{area}/supply-points/{id}/facts", PostFacts);
        app.MapGet("/internal/v1/tso-operator/{area}/supply-points/{id}/customers", GetCustomers);
        return app;
    }

    internal static async Task<Results<Ok<TsoSwitchResult>, ProblemHttpResult>> PostSwitch(
        string area, TsoSwitchOrder order, TsoOrderDesk desk, CancellationToken cancellationToken)
    {
        var error = CheckArea(area, desk.Area) ?? CheckPoint(order.SupplyPointId, desk.Area)
            ?? CheckText("switchInNumber", order.SwitchInNumber, 20) ?? CheckText("switchOutNumber", order.SwitchOutNumber, 20)
            ?? CheckText("fromRetailer", order.FromRetailer, 5) ?? CheckText("toRetailer", order.ToRetailer, 5);
        return error ?? Answer(await desk.SwitchAsync(order, cancellationToken).ConfigureAwait(false), order.Key);
    }

    internal static async Task<Results<Ok<TsoSwitchResult>, ProblemHttpResult>> PostSupplyChange(
        string area, TsoSupplyOrder order, TsoOrderDesk desk, CancellationToken cancellationToken)
    {
        var error = CheckArea(area, desk.Area) ?? CheckPoint(order.SupplyPointId, desk.Area)
            ?? CheckText("applicationNumber", order.ApplicationNumber, 20) ?? CheckText("retailerCode", order.RetailerCode, 5);
        return error ?? Answer(await desk.ChangeSupplyAsync(order, cancellationToken).ConfigureAwait(false), order.Key);
    }

    internal static async Task<Results<Ok<TsoSwitchResult>, ProblemHttpResult>> PostAmpereChange(
        string area, TsoAmpereOrder order, TsoOrderDesk desk, CancellationToken cancellationToken)
    {
        // A current the TSO does not allow is its refusal (200), not a malformed order; a missing number is.
        var error = CheckArea(area, desk.Area) ?? CheckPoint(order.SupplyPointId, desk.Area)
            ?? CheckText("applicationNumber", order.ApplicationNumber, 20) ?? CheckText("retailerCode", order.RetailerCode, 5)
            ?? (order.Seq < 1 ? TypedResults.Problem("seq must be 1 or more (the hub's order number)", statusCode: StatusCodes.Status400BadRequest, title: "Invalid order") : null);
        return error ?? Answer(await desk.ChangeAmperesAsync(order, cancellationToken).ConfigureAwait(false), order.Key);
    }

    internal static async Task<Results<Ok<TsoSwitchResult>, ProblemHttpResult>> PostCustomerDetails(
        string area, TsoCustomerDetailsOrder order, TsoOrderDesk desk, CancellationToken cancellationToken)
    {
        var customer = order.Customer;
        var error = CheckArea(area, desk.Area) ?? CheckPoint(order.SupplyPointId, desk.Area)
            ?? CheckText("applicationNumber", order.ApplicationNumber, 20) ?? CheckText("retailerCode", order.RetailerCode, 5)
            ?? (customer is null
                ? TypedResults.Problem("customer is required", statusCode: StatusCodes.Status400BadRequest, title: "Invalid order")
                : CheckText("customer.customerNumber", customer.CustomerNumber, 21) ?? CheckText("customer.name", customer.Name, 80) ?? CheckText("customer.address", customer.Address, 400));
        return error ?? Answer(await desk.ChangeCustomerDetailsAsync(order, cancellationToken).ConfigureAwait(false), order.Key);
    }

    /// <summary>
    /// <c>GET /internal/v1/tso-operator/{area}/supply-points/{id}/customers</c>: the TSO's record of each retailer's
    /// customer at the point (the latest details each retailer's IF_10810 sent), for the TSO's own operators; the read
    /// is audited.
    /// </summary>
    internal static async Task<Results<Ok<IReadOnlyList<TsoCustomerOnRecord>>, ProblemHttpResult>> GetCustomers(
        string area, string id, TsoNodeArea served, SwitchingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if ((CheckArea(area, served.Area) ?? CheckPoint(id, served.Area)) is { } error)
        {
            return error;
        }

        var rows = await db.TsoCustomerRecords.AsNoTracking().Where(c => c.SupplyPointId == id).OrderByDescending(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<TsoCustomerOnRecord> latest = [.. rows.GroupBy(c => c.RetailerCode).Select(g => g.First()).OrderBy(c => c.RetailerCode, StringComparer.Ordinal)
            .Select(c => new TsoCustomerOnRecord(c.RetailerCode, c.ApplicationNumber, c.EffectiveDate, c.ReceivedAt,
                new TsoCustomerDetails(c.CustomerNumber, c.Name, NullIfEmpty(c.NameKana), NullIfEmpty(c.PostalCode), c.Address, NullIfEmpty(c.Building), NullIfEmpty(c.Phone))))];
        db.AuditEntries.Add(new Model.AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = TsoActors.Tso,
            Subject = "supply-point",
            SubjectId = id,
            Action = "customers-read",
            Detail = string.Create(CultureInfo.InvariantCulture, $"{latest.Count} retailers' customer records read by the TSO's operator (area {served.Area:D2})"),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(latest);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    internal static async Task<Results<Ok<PointChangePage>, ProblemHttpResult>> GetPointChanges(
        string area, long? after, int? limit, TsoNodeArea served, TsoPointChanges changes, CancellationToken cancellationToken)
    {
        if (CheckArea(area, served.Area) is { } error)
        {
            return error;
        }

        if (after is < 0 || limit is < 1 or > 1000)
        {
            return TypedResults.Problem("after must be 0 or more, limit 1 to 1000", statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor");
        }

        return TypedResults.Ok(await changes.ReadAsync(after ?? 0, limit ?? 100, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// <c>GET /internal/v1/tso/{area}/wheeling-contracts?after=&amp;limit=</c>: the contracts of the first <c>limit</c>
    /// points after <c>after</c> that have any, ordered by point and start (the hub's reconciliation reads them).
    /// </summary>
    internal static async Task<Results<Ok<ContractPeriodPage>, ProblemHttpResult>> GetContracts(
        string area, TsoNodeArea served, SwitchingDbContext db, HttpRequest request, CancellationToken cancellationToken)
    {
        if (CheckArea(area, served.Area) is { } wrongArea)
        {
            return wrongArea;
        }

        var (paging, error) = ContractPeriodPages.ParsePaging(request.Query, served.Area);
        return error ?? (Results<Ok<ContractPeriodPage>, ProblemHttpResult>)TypedResults.Ok(
            await ContractPeriodPages.PageAsync(db, served.Area, paging.After, paging.Limit, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> PostFacts(
        string area, string id, PointFactsChange change, TsoNodeArea served, TsoPointChanges changes, CancellationToken cancellationToken)
    {
        if ((CheckArea(area, served.Area) ?? CheckPoint(id, served.Area)) is { } error)
        {
            return error;
        }

        var errors = await changes.ChangeAsync(id, change, cancellationToken).ConfigureAwait(false);
        if (errors is null)
        {
            return TypedResults.NotFound();
        }

        return errors.Count == 0
            ? TypedResults.NoContent()
            : TypedResults.Problem(string.Join("; ", errors), statusCode: StatusCodes.Status400BadRequest, title: "Invalid supply-point change");
    }

    private static Results<Ok<TsoSwitchResult>, ProblemHttpResult> Answer(TsoAnswer answer, string key) => answer.Conflict
        ? TypedResults.Problem($"order key '{key}' was answered before for a different order", statusCode: StatusCodes.Status409Conflict, title: "Order key reused")
        : TypedResults.Ok(answer.Result!);

    private static ProblemHttpResult? CheckArea(string area, int served) =>
        int.TryParse(area, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number == served
            ? null
            : TypedResults.Problem($"this TSO serves area {served:D2}, not '{area}'", statusCode: StatusCodes.Status404NotFound, title: "Area not served here");

    private static ProblemHttpResult? CheckPoint(string? pointId, int served)
    {
        if (!SupplyPointId.TryParse(pointId, out var id, out var error))
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid supply point ID");
        }

        return (int)id.Area == served
            ? null
            : TypedResults.Problem($"supply point {pointId} is in area {(int)id.Area:D2}, this TSO serves {served:D2}", statusCode: StatusCodes.Status400BadRequest, title: "Supply point of another area");
    }

    private static ProblemHttpResult? CheckText(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) || value.Length > maxLength
            ? TypedResults.Problem($"{field} is required, at most {maxLength} characters", statusCode: StatusCodes.Status400BadRequest, title: "Invalid order")
            : null;
}
