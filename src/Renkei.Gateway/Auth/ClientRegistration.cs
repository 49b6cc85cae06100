using System.Text.Json;
using OpenIddict.Abstractions;
using Renkei.Gateway.Callers;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Renkei.Gateway.Auth;

/// <summary>Registers (or updates) retailer systems as confidential OAuth2 clients; OpenIddict stores the secrets hashed.</summary>
internal static class ClientRegistration
{
    public static async Task RegisterAsync(IOpenIddictApplicationManager applications, IEnumerable<RetailerClient> clients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentNullException.ThrowIfNull(clients);
        foreach (var client in clients)
        {
            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = client.ClientSecret,
                ClientType = ClientTypes.Confidential,
                DisplayName = client.DisplayName,
                Permissions =
                {
                    Permissions.Endpoints.Token,
                    Permissions.Endpoints.Revocation,
                    Permissions.GrantTypes.ClientCredentials,
                },
            };
            descriptor.Properties[RenkeiClaims.RetailerCode] = JsonSerializer.SerializeToElement(client.RetailerCode);
            if (client.RequiresCertificate)
            {
                descriptor.Properties[RenkeiClaims.RegisteredCertificates] = JsonSerializer.SerializeToElement(client.CertificateThumbprints);
            }

            await UpsertAsync(applications, descriptor, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Registers the screens application: a confidential client allowed only the authorization code flow with PKCE
    /// (staff log-in at the gateway's page), with exactly one redirect URI, revocation of its tokens, and no
    /// client-credentials token of its own.
    /// </summary>
    public static async Task RegisterScreensAsync(IOpenIddictApplicationManager applications, Staff.ScreensClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentNullException.ThrowIfNull(client);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "Renkei screens",
            RedirectUris = { client.RedirectUri },
        };
        AllowCodeFlowWithPkce(descriptor);
        descriptor.Properties[RenkeiClaims.ScreensClientProperty] = JsonSerializer.SerializeToElement(true);
        await UpsertAsync(applications, descriptor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Registers the operators' command line (<see cref="Staff.CommandLineClient"/>): a public client allowed only the
    /// authorization code flow with PKCE to its one loopback redirect URI, and revocation of its own tokens.
    /// </summary>
    public static async Task RegisterCommandLineAsync(IOpenIddictApplicationManager applications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applications);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = Staff.CommandLineClient.ClientId,
            ClientType = ClientTypes.Public,
            DisplayName = "Renkei command line (operators)",
            RedirectUris = { Staff.CommandLineClient.RedirectUri },
        };
        AllowCodeFlowWithPkce(descriptor);
        await UpsertAsync(applications, descriptor, cancellationToken).ConfigureAwait(false);
    }

    private static async Task UpsertAsync(IOpenIddictApplicationManager applications, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        var existing = await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The staff log-in clients' grant: the authorization code flow with PKCE, and revocation of their tokens.</summary>
    private static void AllowCodeFlowWithPkce(OpenIddictApplicationDescriptor descriptor)
    {
        descriptor.Permissions.UnionWith(
        [
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.ResponseTypes.Code,
        ]);
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
    }
}
