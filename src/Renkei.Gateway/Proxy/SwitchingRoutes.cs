using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Callers;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Renkei.Gateway.Proxy;

/// <summary>
/// The retailer-facing switching API: <c>/api/v1/switching/...</c> forwarded onto the switching node's
/// <c>/internal/v1/...</c>. Only the prefixes and methods listed here are routed; everything else under
/// <c>/api/v1/switching/</c> (the wheeling contract feed, the retailer list, the contract history of a supply
/// point, the OpenAPI document) matches no route and is answered 404 by the gateway itself. Which retailer may see
/// which application is decided by the switching node from <c>X-Renkei-Retailer</c>, which
/// <see cref="InternalForwarding"/> sets from the token. The gateway admits on each endpoint only the query
/// parameters the switching node's endpoint defines, once each (<see cref="ParametersOf"/>); any other is answered
/// <c>400</c> naming it, audited, and nothing is forwarded (<see cref="InvokeAsync"/>).
/// </summary>
internal static class SwitchingRoutes
{
    public const string PublicPrefix = "/api/v1/switching/";

    public const string InternalPrefix = "/internal/v1/";

    private const string RoutePrefix = "switching-";

    private static readonly string[] None = [];
    private static readonly string[] DryRun = ["dryRun"];
    private static readonly string[] Limit = ["limit"];
    private static readonly string[] All = ["all"];
    private static readonly string[] Changes = ["after", "limit"];
    private static readonly string[] Search = ["address", "holderName"];

    /// <summary>The application kinds submitted by POST <c>applications/{kind}</c> that take <c>dryRun</c> (IF_10x10; not IF_10210 usage information).</summary>
    private static readonly string[] DryRunKinds = ["switch-in", "switch-out", "move-in", "move-out", "customer-details", "ampere-change"];

    public static IEnumerable<RouteConfig> Routes(string clusterId)
    {
        // Catch-alls where every internal endpoint under the prefix is a retailer's (IF_10x10 applications and
        // their status, IS_20x10 廃止取次, bulk files, notifications).
        yield return Route(clusterId, "applications", "applications/{**rest}", ["GET", "POST"]);
        yield return Route(clusterId, "cancellation-relays", "cancellation-relays/{**rest}", ["GET", "POST"]);
        yield return Route(clusterId, "bulk", "bulk/{**rest}", ["GET", "POST"]);
        yield return Route(clusterId, "notifications", "notifications/{**rest}", ["GET", "POST"]);
        yield return Route(clusterId, "changes", "changes", ["GET"]);

        // Supply points one by one: /internal/v1/supply-points/{id}/wheeling-contracts (the contract history the
        // gateway itself reads) shares the prefix and must stay internal.
        yield return Route(clusterId, "supply-point-search", "supply-points/search", ["GET"]);
        yield return Route(clusterId, "supply-point-facility", "supply-points/{id}/facility", ["GET"]);
        yield return Route(clusterId, "supply-point-consent-passwords", "supply-points/{id}/consent-passwords", ["POST"]);
    }

    /// <summary>Whether the request was routed to a switching route (no supply point access decision applies).</summary>
    public static bool Owns(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config.RouteId;
        return route is not null && route.StartsWith(RoutePrefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The query parameters the switching node's endpoint behind <paramref name="routeId"/> binds, for
    /// <paramref name="method"/> and the catch-all's <paramref name="rest"/> (empty at the route's root): the
    /// parameters of the handlers in <c>Renkei.Switching.Api</c>, as the OpenAPI document lists them. An endpoint
    /// the node does not have takes none (it answers 404 anyway).
    /// </summary>
    public static string[] ParametersOf(string routeId, string method, string rest)
    {
        ArgumentNullException.ThrowIfNull(routeId);
        var root = rest.Length == 0;
        var get = HttpMethods.IsGet(method);
        var post = HttpMethods.IsPost(method);
        return routeId switch
        {
            RoutePrefix + "applications" when get && root => Limit,
            RoutePrefix + "applications" when post && Array.IndexOf(DryRunKinds, rest) >= 0 => DryRun,
            RoutePrefix + "cancellation-relays" when get && root => All,
            RoutePrefix + "cancellation-relays" when post && root => DryRun,
            RoutePrefix + "notifications" when get && root => Limit,
            RoutePrefix + "changes" => Changes,
            RoutePrefix + "supply-point-search" => Search,
            _ => None,
        };
    }

    /// <summary>Admits the endpoint's own query parameters only (else 400 naming the first other one, nothing forwarded).</summary>
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Request.QueryString.HasValue)
        {
            var route = context.Features.Get<IReverseProxyFeature>()!.Route.Config.RouteId;
            var rest = context.Request.RouteValues["rest"] as string ?? string.Empty;
            var allowed = ParametersOf(route, context.Request.Method, rest.TrimEnd('/'));
            if (QueryAdmission.Unexpected(context.Request.Query, allowed) is { } unexpected)
            {
                return QueryAdmission.RefuseAsync(context, allowed, unexpected);
            }
        }

        return next(context);
    }

    /// <summary>Answers point at the public paths: <c>Location</c> of a created application is rewritten.</summary>
    public static void Apply(TransformBuilderContext builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Route.RouteId is not { } id || !id.StartsWith(RoutePrefix, StringComparison.Ordinal))
        {
            return;
        }

        builder.AddResponseTransform(transform =>
        {
            var headers = transform.HttpContext.Response.Headers;
            var location = headers.Location.ToString();
            if (location.StartsWith(InternalPrefix, StringComparison.Ordinal))
            {
                headers.Location = string.Concat(PublicPrefix, location.AsSpan(InternalPrefix.Length));
            }

            return ValueTask.CompletedTask;
        });
    }

    private static RouteConfig Route(string clusterId, string name, string path, string[] methods) => new()
    {
        RouteId = RoutePrefix + name,
        ClusterId = clusterId,
        AuthorizationPolicy = RenkeiClaims.RetailerPolicy,
        Match = new RouteMatch { Path = PublicPrefix + path, Methods = methods },
        Transforms = [new Dictionary<string, string> { ["PathPattern"] = InternalPrefix + path }],
    };
}
