using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Callers;
using Renkei.Gateway.Staff;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Renkei.Gateway.Auth;

/// <summary>
/// <c>POST /connect/token</c>: OpenIddict has already authenticated the client (secret checked against its hash,
/// <c>invalid_client</c> otherwise) and checked that the client may use the grant type. Client credentials issue
/// a token with the retailer code of the client; the authorization code grant (the screens client only, with PKCE)
/// issues one for the staff member who logged in at the gateway's log-in page: the retailer code of a retailer's
/// staff, or the operator role. There is no password grant.
/// </summary>
public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        // Rate-limited in front of authentication (Ips.TokenRequestLimits), failures included; not again here.
        app.MapPost("/connect/token", IssueAsync).DisableRateLimiting();
        return app;
    }

    internal static async Task<IResult> IssueAsync(HttpContext context, IOpenIddictApplicationManager applications)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        if (request.IsAuthorizationCodeGrantType())
        {
            return await IssueForStaffAsync(context).ConfigureAwait(false);
        }

        if (!request.IsClientCredentialsGrantType())
        {
            return Forbid(Errors.UnsupportedGrantType, "only the client_credentials grant is supported");
        }

        AuditFacts.Of(context).ClientId = request.ClientId;
        var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted).ConfigureAwait(false);
        if (application is null)
        {
            AuditFacts.Of(context).Reason = "unknown client";
            return Forbid(Errors.InvalidClient, "unknown client");
        }

        var properties = await applications.GetPropertiesAsync(application, context.RequestAborted).ConfigureAwait(false);
        if (!properties.TryGetValue(RenkeiClaims.RetailerCode, out var code) || code.ValueKind != JsonValueKind.String)
        {
            return Forbid(Errors.UnauthorizedClient, "the client is not bound to a retailer");
        }

        // Mutual TLS (RFC 8705): a client registered with certificates must present one of them, and its token
        // is bound to it, so the token alone (stolen from a log or a proxy) is useless without the private key.
        string? thumbprint = null;
        if (properties.TryGetValue(RenkeiClaims.RegisteredCertificates, out var registered) && registered.ValueKind == JsonValueKind.Array)
        {
            var certificate = context.Connection.ClientCertificate;
            if (certificate is null)
            {
                AuditFacts.Of(context).Reason = "client certificate required";
                return Forbid(Errors.InvalidClient, "this client must present its registered client certificate (mutual TLS)");
            }

            thumbprint = ClientCertificates.Thumbprint(certificate);
            if (!registered.EnumerateArray().Any(r => string.Equals(r.GetString(), thumbprint, StringComparison.Ordinal)))
            {
                AuditFacts.Of(context).Reason = "client certificate not registered";
                return Forbid(Errors.InvalidClient, "the client certificate is not registered for this client");
            }
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, request.ClientId);
        identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, context.RequestAborted).ConfigureAwait(false));
        identity.SetClaim(RenkeiClaims.RetailerCode, code.GetString());
        if (thumbprint is not null)
        {
            // OpenIddict rebuilds the access token's claims; CertificateBinding adds cnf to them afterwards.
            context.Items[CertificateBinding.ThumbprintItem] = thumbprint;
        }

        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        identity.SetResources(TokenAudience.Api);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// The code exchange of the screens (authorization code flow with PKCE): OpenIddict has already authenticated the
    /// screens client, checked that the code is its own, unexpired and unused (a second use is refused and revokes
    /// what the first issued), that <c>redirect_uri</c> matches the authorization request, and that the
    /// <c>code_verifier</c> hashes to its <c>code_challenge</c>. The staff member's identity was decided at the log-in
    /// page (<see cref="StaffLogInPage"/>) and travels inside the code; it is issued again here as the access token.
    /// </summary>
    private static async Task<IResult> IssueForStaffAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (result.Principal is not { } principal)
        {
            AuditFacts.Of(context).Reason = "authorization code not valid";
            return Forbid(Errors.InvalidGrant, "the authorization code is not valid");
        }

        AuditFacts.Of(context).ClientId = principal.GetClaim(Claims.Subject);
        principal.SetResources(TokenAudience.Api);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(
            new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
