using System.Globalization;
using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Staff;

namespace Renkei.Gateway.Ips;

/// <summary>
/// In front of the token and revocation endpoints: a locked-out client/address (or staff account) is answered 429
/// with <c>Retry-After</c> before its secret is even looked at; a failed authentication counts towards the
/// lockout, a successful one clears the pair's count. A staff log-in whose password was checked for the
/// authenticated screens client (<see cref="StaffLogInAttempt"/>) counts against the account and the end user's
/// address instead.
/// </summary>
public static class LockoutMiddleware
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next, Lockout lockout)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(lockout);
        var path = context.Request.Path;
        if (!HttpMethods.IsPost(context.Request.Method) || !(path == "/connect/token" || path == "/connect/revoke"))
        {
            await next().ConfigureAwait(false);
            return;
        }

        string? clientId = null;
        string? auditId = null;
        string? staffUser = null;
        string? reportedAddress = null;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            clientId = form["client_id"].ToString() is { Length: > 0 and <= 200 } id ? id : null;
            auditId = clientId;

            // A staff log-in (password grant of the screens) is audited as the person, not the screens client they
            // share, and also checked against the person's account and the end user's address the screens report.
            if (string.Equals(form["grant_type"].ToString(), "password", StringComparison.Ordinal))
            {
                var user = form["username"].ToString();
                staffUser = StaffAccount.IsValidUserName(user) ? user : "?";
                auditId = Renkei.Gateway.Auth.RenkeiClaims.StaffSubjectPrefix + staffUser;
                reportedAddress = StaffLogInAttempt.Normalise(form[Renkei.Gateway.Auth.RenkeiClaims.StaffAddressParameter].ToString());
            }
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "-";
        var facts = AuditFacts.Of(context);
        facts.ClientId ??= auditId;

        // Checking more keys can only refuse more: the reported address is not trusted here (the screens client has
        // not authenticated yet), but a made-up one can lock out nobody except the request that names it.
        var left = Longer(lockout.LockedFor(clientId, address), staffUser is null ? null : lockout.StaffLockedFor(staffUser, reportedAddress));
        if (left is { } wait)
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

        await next().ConfigureAwait(false);
        var failed = context.Response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status401Unauthorized;
        if (StaffLogInAttempt.Of(context) is { } staff)
        {
            // The screens client authenticated and the gateway checked the password: the account and the end
            // user's address it reported are what count, not the screens' own address that every log-in shares.
            if (failed)
            {
                lockout.StaffFailed(staff.UserName, staff.EndUserAddress);
            }
            else if (context.Response.StatusCode == StatusCodes.Status200OK)
            {
                lockout.StaffSucceeded(staff.UserName);
            }
        }
        else if (failed)
        {
            lockout.Failed(clientId, address);
        }
        else if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            lockout.Succeeded(clientId, address);
        }
    }

    private static TimeSpan? Longer(TimeSpan? a, TimeSpan? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        ({ } x, { } y) => x > y ? x : y,
    };
}
