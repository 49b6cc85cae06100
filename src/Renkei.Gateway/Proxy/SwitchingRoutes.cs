using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Auth;
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
/// <see cref="InternalForwarding"/> sets from the token.
/// </summary>
public static class SwitchingRoutes
{
    public const string PublicPrefix = "/api/v1/switching/";

    public const string InternalPrefix = "/internal/v1/";

    private const string RoutePrefix = "switching-";

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
