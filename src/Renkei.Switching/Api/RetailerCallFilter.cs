using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Renkei.Domain.Identifiers;

namespace Renkei.Switching.Api;

/// <summary>When a route needs an Idempotency-Key: never, on every call, or unless the call is a dry run (<c>dryRun=true</c>).</summary>
internal enum IdempotencyKeyUse
{
    None,
    Required,
    RequiredUnlessDryRun,
}

/// <summary>Endpoint metadata: how the route uses the Idempotency-Key (<see cref="RetailerCallFilter"/> reads it, and so does the OpenAPI document).</summary>
internal sealed record IdempotencyKeyMetadata(IdempotencyKeyUse Use);

/// <summary>The caller's retailer code and the request's Idempotency-Key, as <see cref="RetailerCallFilter"/> checked them.</summary>
internal sealed record RetailerCall(string Caller, string? Key, bool DryRun)
{
    /// <summary>The call the filter stored for this request.</summary>
    public static RetailerCall Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return (RetailerCall)http.Items[typeof(RetailerCall)]!;
    }
}

/// <summary>
/// The endpoint filter of the retailers' routes: the caller comes from the <c>X-Renkei-Retailer</c> header, which the
/// gateway sets from the access token (401 when missing or malformed); every submission needs an Idempotency-Key of
/// 1 to 100 characters (400 otherwise; a dry run commits nothing and needs none, but one sent must be well-formed).
/// </summary>
internal sealed class RetailerCallFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!RetailerCode.TryParse(http.Request.Headers[ApplicationsApi.RetailerHeader].ToString(), out var code, out _))
        {
            return MissingCaller();
        }

        var use = http.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyMetadata>()?.Use ?? IdempotencyKeyUse.None;
        var dryRun = use == IdempotencyKeyUse.RequiredUnlessDryRun && bool.TryParse(http.Request.Query["dryRun"], out var dry) && dry;
        if (KeyProblem(http, use, dryRun, out var key) is { } problem)
        {
            return problem;
        }

        http.Items[typeof(RetailerCall)] = new RetailerCall(code.Value, key, dryRun);
        return await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// The request's Idempotency-Key as the route uses it (<paramref name="key"/>, null when the route takes none), or
    /// the 400 of a key missing where needed or longer than 100 characters.
    /// </summary>
    internal static ProblemHttpResult? KeyProblem(HttpContext http, IdempotencyKeyUse use, bool dryRun, out string? key)
    {
        key = http.Request.Headers[ApplicationsApi.IdempotencyHeader].ToString() is { Length: > 0 } sent ? sent : null;
        if (use == IdempotencyKeyUse.None)
        {
            key = null;
        }
        else if (!dryRun && string.IsNullOrWhiteSpace(key))
        {
            return TypedResults.Problem(
                $"every submission needs the {ApplicationsApi.IdempotencyHeader} header (1 to 100 characters), so that a repeat returns the first result",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Missing idempotency key");
        }
        else if (key is { Length: > 100 })
        {
            return TypedResults.Problem($"{ApplicationsApi.IdempotencyHeader} has {key.Length} characters; at most 100", statusCode: StatusCodes.Status400BadRequest, title: "Invalid idempotency key");
        }

        return null;
    }

    private static ProblemHttpResult MissingCaller() =>
        TypedResults.Problem(
            $"the {ApplicationsApi.RetailerHeader} header (the caller's 5-character retailer code, set by the gateway) is missing or malformed",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unknown caller");
}

/// <summary>Declares a route's use of the Idempotency-Key.</summary>
internal static class IdempotencyKeyConventions
{
    /// <summary>The route needs the key; its answers include the failed rules (422) and a key used for another request (409).</summary>
    public static RouteHandlerBuilder Keyed(this RouteHandlerBuilder builder, IdempotencyKeyUse use = IdempotencyKeyUse.Required) =>
        builder.WithMetadata(new IdempotencyKeyMetadata(use))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
