using System.Globalization;
using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Audit;

namespace Renkei.Gateway.Ips;

/// <summary>
/// In front of the token and revocation endpoints: a locked-out client/address (or staff account) is answered 429
/// with <c>Retry-After</c> before its secret is even looked at; a failed authentication counts towards the
/// lockout, a successful one clears the pair's count. Staff passwords are not checked here but at the gateway's own
/// log-in page (<see cref="Staff.StaffLogInPage"/>), against the account and the browser's address.
/// </summary>
internal static class LockoutMiddleware
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next, Lockout lockout)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(lockout);
        var path = context.Request.Path;
        return HttpMethods.IsPost(context.Request.Method) && (path == "/connect/token" || path == "/connect/revoke")
            ? AuthenticationAsync(context, next, lockout)
            : next(context);
    }

    private static async Task AuthenticationAsync(HttpContext context, RequestDelegate next, Lockout lockout)
    {
        string? clientId = null;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            clientId = form["client_id"].ToString() is { Length: > 0 and <= 200 } id ? id : null;
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "-";
        var facts = AuditFacts.Of(context);
        facts.ClientId ??= clientId;
        if (lockout.LockedFor(clientId, address) is { } wait)
        {
            facts.Reason = "locked out after repeated failed authentications";
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsJsonAsync(
                new Dictionary<string, string>
                {
                    ["error"] = "invalid_client",
                    ["error_description"] = "too many failed authentications; try again later",
                },
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
        var failed = context.Response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status401Unauthorized;
        if (failed)
        {
            lockout.Failed(clientId, address);
        }
        else if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            lockout.Succeeded(clientId, address);
        }
    }
}
