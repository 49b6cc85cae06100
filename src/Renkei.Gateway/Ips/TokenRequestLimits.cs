using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Renkei.Gateway.Audit;

namespace Renkei.Gateway.Ips;

/// <summary>
/// Rate limits for the token and revocation endpoints, in front of authentication: OpenIddict answers a failed
/// token request (a wrong secret, an unknown client) inside its authentication step, so such a request never
/// reaches <c>UseRateLimiter</c>. This step takes a permit from the same global limiter (<see cref="RateLimits"/>:
/// the same per-address windows as every other request, and a per-client window keyed by the client ID the form
/// names) before the request goes further, and answers 429 with <c>Retry-After</c> when there is none. The two
/// endpoints opt out of <c>UseRateLimiter</c> so a request is counted once.
/// </summary>
internal static class TokenRequestLimits
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which the client ID of a token request is put for the per-client partition.</summary>
    internal const string ClientIdItem = "renkei.token-client";

    public static bool Covers(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        return HttpMethods.IsPost(context.Request.Method) && (path == "/connect/token" || path == "/connect/revoke");
    }

    public static Task InvokeAsync(HttpContext context, RequestDelegate next, PartitionedRateLimiter<HttpContext> limiter, GatewayLimits limits)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(limits);
        return Covers(context) ? LimitAsync(context, next, limiter, limits) : next(context);
    }

    private static async Task LimitAsync(HttpContext context, RequestDelegate next, PartitionedRateLimiter<HttpContext> limiter, GatewayLimits limits)
    {
        if (context.Request.HasFormContentType)
        {
            // Read once (the form is cached for the steps after this one).
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            if (form["client_id"].ToString() is { Length: > 0 and <= 200 } clientId)
            {
                context.Items[ClientIdItem] = clientId;
            }
        }

        using var lease = limiter.AttemptAcquire(context);
        if (!lease.IsAcquired)
        {
            var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limits.RateWindow;
            AuditFacts.Of(context).Reason = "rate limited";
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = ((long)Math.Max(1, Math.Ceiling(retry.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(
                new Dictionary<string, string>
                {
                    ["error"] = "temporarily_unavailable",
                    ["error_description"] = "too many requests; try again later",
                },
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
