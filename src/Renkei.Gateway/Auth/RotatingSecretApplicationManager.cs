using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using Renkei.Gateway.Callers;

namespace Renkei.Gateway.Auth;

/// <summary>OpenIddict's application manager, also accepting a rotated-out secret until its overlap ends (see <see cref="SecretRotation"/>).</summary>
internal sealed class RotatingSecretApplicationManager<TApplication>(
    IOpenIddictApplicationCache<TApplication> cache,
    ILogger<OpenIddictApplicationManager<TApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<TApplication> store)
    : OpenIddictApplicationManager<TApplication>(cache, logger, options, store)
    where TApplication : class
{
    public override async ValueTask<bool> ValidateClientSecretAsync(TApplication application, string secret, CancellationToken cancellationToken = default)
    {
        if (await base.ValidateClientSecretAsync(application, secret, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        var properties = await GetPropertiesAsync(application, cancellationToken).ConfigureAwait(false);
        if (!properties.TryGetValue(RenkeiClaims.PreviousSecret, out var previous) || previous.ValueKind != JsonValueKind.String
            || !properties.TryGetValue(RenkeiClaims.PreviousSecretUntil, out var until) || until.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        var now = (Options.CurrentValue.TimeProvider ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
        return now < until.GetInt64()
            && await ValidateClientSecretAsync(secret, previous.GetString()!, cancellationToken).ConfigureAwait(false);
    }
}
