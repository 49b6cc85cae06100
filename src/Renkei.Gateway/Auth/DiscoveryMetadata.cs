using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Renkei.Gateway.Auth;

/// <summary>
/// What OpenIddict's discovery document (<c>/.well-known/openid-configuration</c>, RFC 8414) cannot know by itself:
/// the revocation endpoint is the gateway's own (<see cref="RevocationEndpoint"/>, not OpenIddict's), and access tokens
/// of clients registered with certificates are bound to them (<see cref="CertificateBinding"/>, RFC 8705 <c>cnf</c>).
/// Runs after OpenIddict's own handlers have filled the document.
/// </summary>
internal static class DiscoveryMetadata
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseInlineHandler(Attach)
            .SetOrder(int.MaxValue - 50_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    private static ValueTask Attach(HandleConfigurationRequestContext context)
    {
        if (context.BaseUri is { } root)
        {
            context.RevocationEndpoint = new Uri(root, RevocationEndpoint.Path.TrimStart('/'));
        }

        context.RevocationEndpointAuthenticationMethods.Add(ClientAuthenticationMethods.ClientSecretBasic);
        context.RevocationEndpointAuthenticationMethods.Add(ClientAuthenticationMethods.ClientSecretPost);
        context.TlsClientCertificateBoundAccessTokens = true;
        return ValueTask.CompletedTask;
    }
}
