using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Callers;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Renkei.Gateway.Proxy;

/// <summary>
/// The retailer's bulk data routes, forwarded to the metering node's <c>/internal/v1/retailer/…</c>: all of the
/// caller's supply points at once (intervals of a slot or day, fixed usage, the market's files, the change feed,
/// the 60-minute deadline per slot). No per-point access decision applies: the metering node selects the points
/// from <c>X-Renkei-Retailer</c> (set from the token by <see cref="InternalForwarding"/>) and its own copy of the
/// wheeling contracts. The gateway still admits only each route's query parameters, once each (else <c>400</c>,
/// nothing forwarded), and records the date or month asked for in the audit entry.
/// </summary>
internal static class RetailerDataRoutes
{
    public const string InternalPrefix = "/internal/v1/retailer/";

    private const string RoutePrefix = "retailer-data-";

    private static readonly Dictionary<string, string[]> Parameters = new(StringComparer.Ordinal)
    {
        [RoutePrefix + "intervals"] = ["date", "slot", "voltage", "asOf"],
        [RoutePrefix + "fixed-usage"] = ["month", "voltage"],
        [RoutePrefix + "files"] = ["date"],
        [RoutePrefix + "file"] = [],
        [RoutePrefix + "feed"] = ["cursor", "limit"],
        [RoutePrefix + "deadlines"] = ["date"],
    };

    public static IEnumerable<RouteConfig> Routes(string clusterId)
    {
        yield return Route(clusterId, "intervals", "/api/v1/intervals", "intervals");
        yield return Route(clusterId, "fixed-usage", "/api/v1/fixed-usage", "fixed-usage");
        yield return Route(clusterId, "files", "/api/v1/files", "files");
        yield return Route(clusterId, "file", "/api/v1/files/{name}", "files/{name}");
        yield return Route(clusterId, "feed", "/api/v1/feed", "feed");
        yield return Route(clusterId, "deadlines", "/api/v1/deadlines", "deadlines");
    }

    /// <summary>Whether the request was routed to one of these routes.</summary>
    public static bool Owns(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = context.Features.Get<IReverseProxyFeature>()?.Route.Config.RouteId;
        return route is not null && route.StartsWith(RoutePrefix, StringComparison.Ordinal);
    }

    /// <summary>Admits the route's own query parameters only, and notes the date or month for the audit entry.</summary>
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var route = context.Features.Get<IReverseProxyFeature>()!.Route.Config.RouteId;
        var allowed = Parameters[route];
        var facts = AuditFacts.Of(context);
        if (QueryAdmission.Unexpected(context.Request.Query, allowed) is { } unexpected)
        {
            await QueryAdmission.RefuseAsync(context, allowed, unexpected).ConfigureAwait(false);
            return;
        }

        var date = context.Request.Query["date"].ToString();
        var month = context.Request.Query["month"].ToString();
        facts.Date = date.Length is > 0 and <= 10 ? date : month.Length is > 0 and <= 7 ? month : null;
        await next(context).ConfigureAwait(false);
    }

    private static RouteConfig Route(string clusterId, string name, string path, string target) => new()
    {
        RouteId = RoutePrefix + name,
        ClusterId = clusterId,
        AuthorizationPolicy = RenkeiClaims.RetailerPolicy,
        Match = new RouteMatch { Path = path, Methods = ["GET"] },
        Transforms = [new Dictionary<string, string> { ["PathPattern"] = InternalPrefix + target }],
    };
}
