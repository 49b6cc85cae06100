using System.Text.Json;
using OpenIddict.Abstractions;
using Renkei.Gateway.Callers;

namespace Renkei.Gateway.Auth;

/// <summary>
/// Client secret rotation with an overlap: the new secret works at once, the old one keeps working until the
/// overlap ends (so a retailer can roll its systems over without an outage), then only the new one does.
/// Both are stored only as hashes.
/// </summary>
internal static class SecretRotation
{
    public static async Task RotateAsync(
        IOpenIddictApplicationManager applications, string clientId, string newSecret, DateTimeOffset previousValidUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(applications);
        ArgumentException.ThrowIfNullOrEmpty(newSecret);
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"no client '{clientId}'");
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken).ConfigureAwait(false);

        // descriptor.ClientSecret holds the current secret's hash (OpenIddict never stores the clear value).
        descriptor.Properties[RenkeiClaims.PreviousSecret] = JsonSerializer.SerializeToElement(descriptor.ClientSecret);
        descriptor.Properties[RenkeiClaims.PreviousSecretUntil] = JsonSerializer.SerializeToElement(previousValidUntil.ToUnixTimeSeconds());
        descriptor.ClientSecret = newSecret;
        await applications.UpdateAsync(application, descriptor, cancellationToken).ConfigureAwait(false);
    }
}
