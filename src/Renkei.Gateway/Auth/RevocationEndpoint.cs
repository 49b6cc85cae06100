using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using Renkei.Gateway.Audit;

namespace Renkei.Gateway.Auth;

/// <summary>
/// <c>POST /connect/revoke</c> (RFC 7009): a client revokes one of its own access tokens. The client
/// authenticates with its ID and secret (form fields or HTTP Basic); the token must carry our signature and
/// have been issued to that client. The token is refused on the very next request (in-memory set) and marked
/// revoked in the store, so a restart keeps it refused. As RFC 7009 asks, the answer is 200 whether or not the
/// token was valid, so the endpoint tells nothing about tokens a caller does not own.
/// </summary>
internal static class RevocationEndpoint
{
    public const string TokenIdClaim = "oi_tkn_id";

    public const string Path = "/connect/revoke";

    public static IEndpointRouteBuilder MapRevocationEndpoint(this IEndpointRouteBuilder app)
    {
        // Rate-limited in front of authentication (Ips.TokenRequestLimits); not again here.
        app.MapPost(Path, RevokeAsync).DisableAntiforgery().DisableRateLimiting();
        return app;
    }

    internal static async Task<IResult> RevokeAsync(
        HttpContext context, IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, RevokedTokens revoked, RevocationFeed feed, TokenSigningKey signing)
    {
        if (!context.Request.HasFormContentType)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "the request must be form-encoded");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var (clientId, secret) = ClientCredentials(context, form);
        AuditFacts.Of(context).ClientId = clientId;
        var application = clientId is null ? null : await applications.FindByClientIdAsync(clientId, context.RequestAborted).ConfigureAwait(false);
        if (application is null || secret is null
            || !await applications.ValidateClientSecretAsync(application, secret, context.RequestAborted).ConfigureAwait(false))
        {
            AuditFacts.Of(context).Reason = "invalid client credentials";
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", "client authentication failed");
        }

        var token = form["token"].ToString();
        if (token.Length == 0)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "the token parameter is required");
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = signing.Key,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidTypes = ["at+jwt"],
        }).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt
            || !string.Equals(jwt.Subject, clientId, StringComparison.Ordinal))
        {
            // RFC 7009 2.2: an invalid token, or one of another client, is not an error the caller learns about.
            AuditFacts.Of(context).Reason = "token not revoked: invalid or not the caller's";
            return Results.Ok();
        }

        var id = jwt.TryGetClaim(TokenIdClaim, out var tid) ? tid.Value : jwt.Id;
        var expires = jwt.ValidTo == DateTime.MinValue ? DateTimeOffset.MaxValue : new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        revoked.Add(id, expires);
        var entry = await tokens.FindByIdAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (entry is not null)
        {
            await tokens.TryRevokeAsync(entry, context.RequestAborted).ConfigureAwait(false);
        }

        // The other instances on a shared store learn of it now (they refuse the token from their next request on).
        await feed.PublishAsync(id, expires, context.RequestAborted).ConfigureAwait(false);

        AuditFacts.Of(context).Reason = "token revoked";
        return Results.Ok();
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpContext context, IFormCollection form)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        var id = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        return (id.Length == 0 ? null : id, secret.Length == 0 ? null : secret);
    }

    private static IResult Error(int status, string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);
}
