using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Renkei.Gateway.Auth;

/// <summary>
/// Access tokens OpenIddict has already validated (signature, issuer, lifetime), with their principals, until
/// they expire: a retailer system re-uses one token for many requests, so the RS256 check and OpenIddict's
/// claim extraction run once per token, not once per request. The key is the exact token string, so a token
/// changed in any byte is validated afresh. Revocation and the certificate binding are still checked on every
/// request (<see cref="TokenStatusMiddleware"/>), and expiry here uses the same clock as OpenIddict.
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (ClaimsPrincipal Principal, DateTimeOffset Expires)> tokens = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes the place of <c>UseAuthentication</c>: lets OpenIddict handle its own requests first (as
    /// <c>UseAuthentication</c> does), then authenticates the request from the cache if its bearer token is known
    /// and unexpired, else with OpenIddict's validation, remembering a success.
    /// </summary>
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature { OriginalPath = context.Request.Path, OriginalPathBase = context.Request.PathBase });
        var schemes = context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
        foreach (var scheme in await schemes.GetRequestHandlerSchemesAsync().ConfigureAwait(false))
        {
            if (await handlers.GetHandlerAsync(context, scheme.Name).ConfigureAwait(false) is IAuthenticationRequestHandler handler
                && await handler.HandleRequestAsync().ConfigureAwait(false))
            {
                return;
            }
        }

        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..].Trim() : null;
        if (token is { Length: > 0 } && tokens.TryGetValue(token, out var known))
        {
            if (known.Expires > clock.GetUtcNow())
            {
                context.User = known.Principal;
                await next().ConfigureAwait(false);
                return;
            }

            tokens.TryRemove(token, out _);
        }

        var result = await context.AuthenticateAsync().ConfigureAwait(false);
        if (result.Succeeded && result.Principal is { } principal)
        {
            context.User = principal;
            if (token is { Length: > 0 } && principal.GetExpirationDate() is { } expires)
            {
                if (tokens.Count >= MaxEntries)
                {
                    tokens.Clear();
                }

                tokens[token] = (principal, expires);
            }
        }

        await next().ConfigureAwait(false);
    }

    private sealed class AuthenticationFeature : IAuthenticationFeature
    {
        public PathString OriginalPathBase { get; set; }

        public PathString OriginalPath { get; set; }
    }
}
