using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Server;
using Renkei.Gateway.Callers;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Renkei.Gateway.Auth;

/// <summary>
/// Adds the RFC 8705 confirmation claim (<c>cnf</c> holding <c>x5t#S256</c>) to the access token of a client that
/// authenticated with its registered certificate. Runs in OpenIddict's sign-in pipeline right after it prepared
/// the access token's claims (which drops claims it does not know from the endpoint's identity).
/// </summary>
internal static class CertificateBinding
{
    public const string ThumbprintItem = "renkei.x5t#S256";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseInlineHandler(Bind)
            .SetOrder(OpenIddictServerHandlers.PrepareAccessTokenPrincipal.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    private static ValueTask Bind(ProcessSignInContext context)
    {
        var http = context.Transaction.GetHttpRequest()?.HttpContext;
        if (http is not null && context.AccessTokenPrincipal?.Identity is ClaimsIdentity identity
            && http.Items.TryGetValue(ThumbprintItem, out var value) && value is string thumbprint)
        {
            identity.AddClaim(new Claim(
                RenkeiClaims.Confirmation,
                JsonSerializer.Serialize(new Dictionary<string, string> { [RenkeiClaims.CertificateThumbprint] = thumbprint }),
                JsonClaimValueTypes.Json));
        }

        return ValueTask.CompletedTask;
    }
}
