using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Callers;

namespace Renkei.Gateway.Auth;

/// <summary>
/// Runs right after token validation (signature, lifetime): a revoked token, or a certificate-bound token
/// (RFC 8705 <c>cnf.x5t#S256</c>) presented over a connection without that certificate, is answered 401
/// before anything else looks at the request.
/// </summary>
internal static class TokenStatusMiddleware
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next, RevokedTokens revoked)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(revoked);
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return next(context);
        }

        // The token ID and cnf are read from the claims once per validated token (CallerPrincipal); both checks run
        // on every request.
        if (revoked.Contains(CallerPrincipal.TokenIdOf(user)))
        {
            return Refuse(context, "the access token has been revoked");
        }

        if (CallerPrincipal.IsBound(user, out var bound))
        {
            var presented = context.Connection.ClientCertificate;
            if (bound is null || presented is null
                || !string.Equals(bound, ClientCertificates.Thumbprint(presented), StringComparison.Ordinal))
            {
                return Refuse(context, "the access token is bound to another client certificate");
            }
        }

        return next(context);
    }

    private static Task Refuse(HttpContext context, string reason)
    {
        AuditFacts.Of(context).Reason = reason;
        return BearerChallenge.RefuseAsync(context, "invalid_token", reason);
    }
}
