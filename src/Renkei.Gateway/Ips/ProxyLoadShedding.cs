using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Audit;

namespace Renkei.Gateway.Ips;

/// <summary>
/// Sheds load before latency explodes: at most <see cref="GatewayLimits.MaxProxiedRequestsInFlight"/> proxied requests
/// (every route to the internal zone) are forwarded at once, and at most <see cref="GatewayLimits.ProxiedRequestQueue"/>
/// more wait for one of them, oldest first (a <see cref="ConcurrencyLimiter"/>). The one beyond is answered at once
/// with <c>503</c> problem details and <c>Retry-After</c>, audited as shed, and nothing of it reaches the internal zone.
/// Runs after authentication, authorisation and the per-client rate limits (whose <c>429</c>s are unchanged).
/// </summary>
internal sealed class ProxyLoadShedding : IDisposable
{
    /// <summary>The audit log's reason of a shed request.</summary>
    public const string Reason = "shed: too many requests in flight";

    private readonly ConcurrencyLimiter limiter;
    private readonly GatewayLimits limits;
    private readonly string retryAfter;

    public ProxyLoadShedding(GatewayLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.MaxProxiedRequestsInFlight < 1 || limits.ProxiedRequestQueue < 0)
        {
            throw new ArgumentException("MaxProxiedRequestsInFlight must be at least 1 and ProxiedRequestQueue at least 0", nameof(limits));
        }

        this.limits = limits;
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.MaxProxiedRequestsInFlight,
            QueueLimit = limits.ProxiedRequestQueue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        retryAfter = ((long)Math.Max(1, Math.Ceiling(limits.ShedRetryAfter.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Told of each request forwarded (+1) and finished (-1): the proxied requests in flight.</summary>
    public Action<int>? InFlightChanged { get; init; }

    /// <summary>Told of each request shed.</summary>
    public Action? Shed { get; init; }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        using var lease = await limiter.AcquireAsync(1, context.RequestAborted).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            Shed?.Invoke();
            AuditFacts.Of(context).Reason = Reason;
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = retryAfter;
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsJsonAsync(
                new
                {
                    type = "about:blank",
                    title = "Service Unavailable",
                    status = StatusCodes.Status503ServiceUnavailable,
                    detail = string.Create(
                        CultureInfo.InvariantCulture,
                        $"The gateway is forwarding as many requests as it takes at once ({limits.MaxProxiedRequestsInFlight}, and {limits.ProxiedRequestQueue} waiting); this one was not forwarded. Retry after Retry-After."),
                },
                options: null,
                contentType: "application/problem+json").ConfigureAwait(false);
            return;
        }

        InFlightChanged?.Invoke(1);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            InFlightChanged?.Invoke(-1);
        }
    }

    public void Dispose() => limiter.Dispose();
}
