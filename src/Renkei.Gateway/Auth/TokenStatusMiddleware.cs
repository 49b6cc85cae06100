using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpenIddict.Abstractions;
using Renkei.Gateway.Audit;

namespace Renkei.Gateway.Auth;

/// <summary>
/// Runs right after token validation (signature, lifetime): a revoked token, or a certificate-bound token
/// (RFC 8705 <c>cnf.x5t#S256</c>) presented over a connection without that certificate, is answered 401
/// before anything else looks at the request.
/// </summary>
public static class TokenStatusMiddleware
{
    public static Task InvokeAsync(HttpContext context, Func<Task> next, RevokedTokens revoked)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(revoked);
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return next();
        }

        var id = user.GetTokenId() ?? user.FindFirst("jti")?.Value;
        if (revoked.Contains(id))
        {
            return Refuse(context, "the access token has been revoked");
        }

        var cnf = user.FindFirst(RenkeiClaims.Confirmation);
        if (cnf is not null)
        {
            var bound = BoundThumbprint(cnf);
            var presented = context.Connection.ClientCertificate;
            if (bound is null || presented is null
                || !string.Equals(bound, ClientCertificates.Thumbprint(presented), StringComparison.Ordinal))
            {
                return Refuse(context, "the access token is bound to another client certificate");
            }
        }

        return next();
    }

    private static string? BoundThumbprint(Claim cnf)
    {
        try
        {
            using var json = JsonDocument.Parse(cnf.Value);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty(RenkeiClaims.CertificateThumbprint, out var x5t)
                && x5t.ValueKind == JsonValueKind.String
                ? x5t.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task Refuse(HttpContext context, string reason)
    {
        AuditFacts.Of(context).Reason = reason;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
        return Task.CompletedTask;
    }
}
