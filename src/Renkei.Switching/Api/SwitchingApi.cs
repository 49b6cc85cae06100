using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Renkei.Domain.Identifiers;
using Renkei.Hosting.Contracts;
using Renkei.Switching.Store;

namespace Renkei.Switching.Api;

/// <summary>The internal switching API (loopback only).</summary>
public static class SwitchingApi
{
    public const int MaxPage = 10_000;

    public static IEndpointRouteBuilder MapSwitchingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/v1");
        api.MapGet("/wheeling-contracts/changes", GetChanges);
        api.MapGet("/reading-schedules/changes", GetReadingScheduleChanges);
        api.MapGet("/supply-points/{id}/wheeling-contracts", GetContracts);
        api.MapGet("/retailers", GetRetailers);
        return app;
    }

    internal static async Task<Results<Ok<ContractFeedPage>, ProblemHttpResult>> GetChanges(
        SwitchingStore store, long? after, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 1000;
        if (take is < 1 or > MaxPage || after < 0)
        {
            return TypedResults.Problem($"limit must be 1 to {MaxPage} and after must not be negative", statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor");
        }

        return TypedResults.Ok(await store.GetContractChangesAsync(after ?? 0, take, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The reading-schedule feed (検針日程), which the metering node follows; the same cursor rules as the contract feed.</summary>
    internal static async Task<Results<Ok<ReadingScheduleFeedPage>, ProblemHttpResult>> GetReadingScheduleChanges(
        SwitchingStore store, long? after, int? limit, CancellationToken cancellationToken)
    {
        var take = limit ?? 1000;
        if (take is < 1 or > MaxPage || after < 0)
        {
            return TypedResults.Problem($"limit must be 1 to {MaxPage} and after must not be negative", statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor");
        }

        return TypedResults.Ok(await store.GetReadingScheduleChangesAsync(after ?? 0, take, cancellationToken).ConfigureAwait(false));
    }

    internal static async Task<Results<Ok<List<WheelingContractView>>, NotFound, ProblemHttpResult>> GetContracts(
        string id, SwitchingStore store, CancellationToken cancellationToken)
    {
        if (!SupplyPointId.TryParse(id, out var supplyPoint, out var error))
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid supply point ID");
        }

        var contracts = await store.GetContractsAsync(supplyPoint, cancellationToken).ConfigureAwait(false);
        return contracts.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(contracts.ConvertAll(WheelingContractView.Of));
    }

    internal static async Task<Ok<List<RetailerView>>> GetRetailers(SwitchingStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.GetRetailersAsync(cancellationToken).ConfigureAwait(false)).ConvertAll(RetailerView.Of));
}
