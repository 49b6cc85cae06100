using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Auth;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Renkei.Gateway.Proxy;

/// <summary>
/// The operator dashboard's routes, <c>/api/v1/operator/...</c>: read-only views of the metering node (status, a
/// day's processing timelines, read arrival and silent meters) and of the switching node (applications per kind
/// and status, 廃止取次 awaiting decision). They require the operator policy (a staff token with the operator role;
/// a retailer's token, system or staff, has no such role and gets <c>403</c>), and no supply point access decision
/// applies: nothing here is one retailer's data. Only these exact paths and GET are routed.
/// </summary>
public static class OperatorRoutes
{
    public const string PublicPrefix = "/api/v1/operator/";

    private const string RoutePrefix = "operator-";

    public static IEnumerable<RouteConfig> Routes(string meteringCluster, string switchingCluster)
    {
        yield return Route(meteringCluster, "metering-status", "metering/status", "/internal/v1/status");
        yield return Route(meteringCluster, "metering-timeline", "metering/slots/{date}/timeline", "/internal/v1/slots/{date}/timeline");
        yield return Route(meteringCluster, "metering-activity", "metering/activity", "/internal/v1/operator/activity");
        yield return Route(switchingCluster, "switching-summary", "switching/summary", "/internal/v1/operator/summary");
    }

    /// <summary>Whether the request was routed to an operator route (no supply point access decision applies).</summary>
    public static bool Owns(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config.RouteId;
        return route is not null && route.StartsWith(RoutePrefix, StringComparison.Ordinal);
    }

    private static RouteConfig Route(string clusterId, string name, string path, string target) => new()
    {
        RouteId = RoutePrefix + name,
        ClusterId = clusterId,
        AuthorizationPolicy = RenkeiClaims.OperatorPolicy,
        Match = new RouteMatch { Path = PublicPrefix + path, Methods = ["GET"] },
        Transforms = [new Dictionary<string, string> { ["PathPattern"] = target }],
    };
}
