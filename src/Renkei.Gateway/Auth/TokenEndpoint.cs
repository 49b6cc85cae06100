using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Staff;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Renkei.Gateway.Auth;

/// <summary>
/// <c>POST /connect/token</c>: OpenIddict has already authenticated the client (secret checked against its hash,
/// <c>invalid_client</c> otherwise) and checked that the client may use the grant type. Client credentials issue
/// a token with the retailer code of the client; the password grant (allowed to the screens client only) issues
/// one for the staff member who logged in: the retailer code of a retailer's staff, or the operator role.
/// </summary>
public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        // Rate-limited in front of authentication (Ips.TokenRequestLimits), failures included; not again here.
        app.MapPost("/connect/token", IssueAsync).DisableRateLimiting();
        return app;
    }

    internal static async Task<IResult> IssueAsync(HttpContext context, IOpenIddictApplicationManager applications, StaffDirectory staff)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        if (request.IsPasswordGrantType())
        {
            return await IssueForStaffAsync(context, request, applications, staff).ConfigureAwait(false);
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
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// The resource owner password grant of the screens: OpenIddict has authenticated the screens client and checked
    /// its grant permission (no other client holds it). The staff member's password is checked against its hash;
    /// the token's subject is <c>staff:</c> + user name, and it carries either the staff member's retailer code (so
    /// every retailer route and access decision applies unchanged) or the operator role (and no retailer code).
    /// </summary>
    private static async Task<IResult> IssueForStaffAsync(HttpContext context, OpenIddictRequest request, IOpenIddictApplicationManager applications, StaffDirectory staff)
    {
        var facts = AuditFacts.Of(context);
        var userName = request.Username ?? string.Empty;
        facts.ClientId = RenkeiClaims.StaffSubjectPrefix + (StaffAccount.IsValidUserName(userName) ? userName : "?");
        var application = await applications.FindByClientIdAsync(request.ClientId!, context.RequestAborted).ConfigureAwait(false);
        var properties = application is null
            ? null
            : await applications.GetPropertiesAsync(application, context.RequestAborted).ConfigureAwait(false);
        if (properties is null || !properties.ContainsKey(RenkeiClaims.ScreensClientProperty))
        {
            facts.Reason = "password grant by a client other than the screens";
            return Forbid(Errors.UnauthorizedClient, "this client may not use the password grant");
        }

        // The screens client has authenticated: the password is about to be checked, so a failure counts against the
        // account and the end user's address the screens report (LockoutMiddleware), not the screens' own address.
        StaffLogInAttempt.Mark(context, StaffAccount.IsValidUserName(userName) ? userName : "?", request.GetParameter(RenkeiClaims.StaffAddressParameter)?.ToString());
        var member = await staff.VerifyAsync(userName, request.Password ?? string.Empty, context.RequestAborted).ConfigureAwait(false);
        if (member is null)
        {
            facts.Reason = "invalid staff user name or password";
            return Forbid(Errors.InvalidGrant, "the user name or password is not correct");
        }

        if (member.CertificateThumbprint is { } required
            && !string.Equals(request.GetParameter(RenkeiClaims.StaffCertificateParameter)?.ToString(), required, StringComparison.Ordinal))
        {
            facts.Reason = "staff client certificate required";
            return Forbid(Errors.InvalidGrant, "this account must log in with its registered client certificate");
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, RenkeiClaims.StaffSubjectPrefix + member.UserName);
        identity.SetClaim(Claims.Name, member.DisplayName);
        if (member.IsOperator)
        {
            identity.SetClaim(RenkeiClaims.Role, RenkeiClaims.OperatorRole);
        }
        else
        {
            identity.SetClaim(RenkeiClaims.RetailerCode, member.RetailerCode);
        }

        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
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
