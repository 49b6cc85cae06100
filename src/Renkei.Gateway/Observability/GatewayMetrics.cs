using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Renkei.Hosting.Observability;

namespace Renkei.Gateway.Observability;

/// <summary>
/// The gateway's instruments (<see cref="RenkeiMeters.Gateway"/>): failed authentications at the token and revocation
/// endpoints and at the staff log-in page (<c>renkei.gateway.auth.failures</c>, by <c>kind</c> client or staff), and
/// lock-outs begun (<c>renkei.gateway.lockouts</c>, by <c>key</c> client, address or staff). Counted where the lockout
/// counts them, so each failure costs one add; requests being forwarded to the internal zone
/// (<c>renkei.gateway.proxy.in_flight</c>) and those shed with 503 (<c>renkei.gateway.proxy.shed</c>).
/// </summary>
internal sealed class GatewayMetrics
{
    private readonly Counter<long> failures;
    private readonly Counter<long> lockouts;
    private readonly UpDownCounter<long> proxiedInFlight;
    private readonly Counter<long> shed;

    public GatewayMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(RenkeiMeters.Gateway);
        failures = meter.CreateCounter<long>("renkei.gateway.auth.failures", "{failure}", "Failed authentications: a wrong client secret or certificate (kind=client), a wrong staff password (kind=staff)");
        lockouts = meter.CreateCounter<long>("renkei.gateway.lockouts", "{lockout}", "Lock-outs begun after repeated failures, by what is locked (key=client, address, staff)");
        proxiedInFlight = meter.CreateUpDownCounter<long>("renkei.gateway.proxy.in_flight", "{request}", "Requests being forwarded to the internal zone now (at most GatewayLimits.MaxProxiedRequestsInFlight)");
        shed = meter.CreateCounter<long>("renkei.gateway.proxy.shed", "{request}", "Requests to the internal zone answered 503 with Retry-After because as many as the gateway forwards at once were in flight and the queue was full");
    }

    public void ProxiedInFlight(int change) => proxiedInFlight.Add(change);

    public void Shed() => shed.Add(1);

    public void Failed(string kind) => failures.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void LockedOut(string key) => lockouts.Add(1, new KeyValuePair<string, object?>("key", key));
}

/// <summary><c>GET /api/v1/operator/gateway/alerts</c>: the gateway's own faults (free space, audit log), for operators.</summary>
internal static class GatewayAlertsEndpoint
{
    public const string Path = "/api/v1/operator/gateway/alerts";

    public static IEndpointRouteBuilder MapGatewayAlerts(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (NodeConditions conditions) => TypedResults.Ok(conditions.Report())).RequireAuthorization(Callers.RenkeiClaims.OperatorPolicy);
        return app;
    }
}
