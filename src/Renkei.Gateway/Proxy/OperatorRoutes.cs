using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Callers;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Renkei.Gateway.Proxy;

/// <summary>
/// The operator dashboard's routes, <c>/api/v1/operator/...</c>: read-only views of the metering node (status, a
/// day's processing timelines, read arrival and silent meters) and of the switching node (applications per kind
/// and status, 廃止取次 awaiting decision, the hub-vs-TSO contract reconciliation, the attachments of any application
/// for the TSO), and one that acts: a low-voltage customer's consent password issued by the TSO directly (POST). They
/// require the operator policy (a staff token with the operator role; a retailer's token, system or staff, has no such
/// role and gets <c>403</c>, or, on the reconciliation and the attachments, the same <c>404</c> as an unknown route),
/// and no supply point access decision applies. Only these exact paths and methods are routed;
/// <see cref="InternalForwarding"/> names the operator to the node.
/// </summary>
internal static class OperatorRoutes
{
    public const string PublicPrefix = "/api/v1/operator/";

    private const string RoutePrefix = "operator-";

    public static IEnumerable<RouteConfig> Routes(string meteringCluster, string switchingCluster)
    {
        yield return Route(meteringCluster, "metering-status", "metering/status", "/internal/v1/status");
        yield return Route(meteringCluster, "metering-timeline", "metering/slots/{date}/timeline", "/internal/v1/slots/{date}/timeline");
        yield return Route(meteringCluster, "metering-activity", "metering/activity", "/internal/v1/operator/activity");
        yield return Route(meteringCluster, "metering-alerts", "metering/alerts", "/internal/v1/operator/alerts");
        yield return Route(switchingCluster, "switching-summary", "switching/summary", "/internal/v1/operator/summary");
        yield return Route(switchingCluster, "switching-alerts", "switching/alerts", "/internal/v1/operator/alerts");
        yield return Route(switchingCluster, ReconciliationRoute, "reconciliation/{area}", "/internal/v1/operator/reconciliation/{area}");
        yield return Route(switchingCluster, "switching-consent-passwords", "switching/supply-points/{id}/consent-passwords", "/internal/v1/operator/supply-points/{id}/consent-passwords", "POST");
        yield return Route(switchingCluster, AttachmentsRoute, "switching/applications/{number}/attachments", "/internal/v1/operator/applications/{number}/attachments");
        yield return Route(switchingCluster, AttachmentRoute, "switching/applications/{number}/attachments/{attachment}", "/internal/v1/operator/applications/{number}/attachments/{attachment}");
    }

    private const string ReconciliationRoute = "switching-reconciliation";

    private const string AttachmentsRoute = "switching-attachments";

    private const string AttachmentRoute = "switching-attachment";

    /// <summary>The routes a caller who is not an operator must not learn of (their answers name retailers' customers' documents or contracts).</summary>
    private static readonly string[] Hidden = [RoutePrefix + ReconciliationRoute, RoutePrefix + AttachmentsRoute, RoutePrefix + AttachmentRoute];

    /// <summary>
    /// Whether a caller that is not an operator must get the answer of an unknown route (<c>404</c>) rather than
    /// <c>403</c>: the reconciliation lists every retailer's contract periods of an area, and the attachments are
    /// retailers' customers' documents (the TSO reads them), so a retailer is not even told that such a route answers
    /// to someone. Decided from the matched endpoint (before the proxy runs).
    /// </summary>
    public static bool HiddenFromOthers(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.RouteId is { } route && Array.IndexOf(Hidden, route) >= 0;
    }

    /// <summary>Whether the request was routed to an operator route (no supply point access decision applies).</summary>
    public static bool Owns(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config.RouteId;
        return route is not null && route.StartsWith(RoutePrefix, StringComparison.Ordinal);
    }

    private static RouteConfig Route(string clusterId, string name, string path, string target, string method = "GET") => new()
    {
        RouteId = RoutePrefix + name,
        ClusterId = clusterId,
        AuthorizationPolicy = RenkeiClaims.OperatorPolicy,
        Match = new RouteMatch { Path = PublicPrefix + path, Methods = [method] },
        Transforms = [new Dictionary<string, string> { ["PathPattern"] = target }],
    };
}
