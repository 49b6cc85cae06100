using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Callers;

namespace Renkei.Gateway.Ips;

/// <summary>
/// ASP.NET Core rate limiting: a fixed window per source address (every request) chained with one per client
/// (the token's subject, once authenticated; the client ID a token or revocation request names, see
/// <see cref="TokenRequestLimits"/>). Over the limit: 429 with <c>Retry-After</c>.
/// </summary>
internal static class RateLimits
{
    public static void Configure(RateLimiterOptions options, GatewayLimits limits)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        // The partitions' limiter factories are made once: RateLimitPartition.GetFixedWindowLimiter with an inline
        // lambda makes two delegates per call, that is per request and limiter. Its limiters are made the same way:
        // without a timer of their own (AutoReplenishment off), the partitioned limiter's timer replenishes them all.
        var addressWindow = Window(limits.RequestsPerAddress, limits.RateWindow);
        var clientWindow = Window(limits.RequestsPerClient, limits.RateWindow);
        Func<string, RateLimiter> perAddressLimiter = _ => new FixedWindowRateLimiter(addressWindow);
        Func<string, RateLimiter> perClientLimiter = _ => new FixedWindowRateLimiter(clientWindow);
        var perAddress = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            new RateLimitPartition<string>(context.Connection.RemoteIpAddress?.ToString() ?? "-", perAddressLimiter));
        var perClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var client = context.User.Identity?.IsAuthenticated == true ? CallerPrincipal.SubjectOf(context.User) : null;

            // A token or revocation request, not yet authenticated, is counted against the client ID it names, in
            // a window of its own ("token:" + ID): forged requests naming a retailer's ID can then hold up that
            // retailer's token requests at most, never its data requests (and the lockout stops each address).
            client ??= !TokenRequestLimits.Covers(context) ? null
                : context.Items.TryGetValue(TokenRequestLimits.ClientIdItem, out var named) && named is string id ? "token:" + id
                : null;
            return client is null
                ? RateLimitPartition.GetNoLimiter(string.Empty)
                : new RateLimitPartition<string>(client, perClientLimiter);
        });
        options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perAddress, perClient);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (context, _) =>
        {
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limits.RateWindow;
            context.HttpContext.Response.Headers.RetryAfter = ((long)Math.Max(1, Math.Ceiling(retry.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
            AuditFacts.Of(context.HttpContext).Reason = "rate limited";
            return ValueTask.CompletedTask;
        };
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = false,
    };
}
