using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;

namespace Renkei.Gateway.Callers;

/// <summary>
/// Access tokens OpenIddict has already validated (signature, issuer, lifetime), with their principals, until
/// they expire: a retailer system re-uses one token for many requests, so the RS256 check and OpenIddict's
/// claim extraction run once per token, not once per request. The key is the exact token string, so a token
/// changed in any byte is validated afresh. Revocation and the certificate binding are still checked on every
/// request (<c>Auth.TokenStatusMiddleware</c>), and expiry here uses the same clock as OpenIddict.
/// </summary>
internal sealed class ValidatedTokens
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, (CallerPrincipal Principal, DateTimeOffset Expires)> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (CallerPrincipal Principal, DateTimeOffset Expires)>.AlternateLookup<ReadOnlySpan<char>> bySpan;
    private readonly TimeProvider clock;
    private string[]? endpoints;

    public ValidatedTokens(TimeProvider clock)
    {
        this.clock = clock;
        bySpan = tokens.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// Takes the place of <c>UseAuthentication</c>: lets OpenIddict handle its own requests first (as
    /// <c>UseAuthentication</c> does), then authenticates the request from the cache if its bearer token is known
    /// and unexpired, else with OpenIddict's validation, remembering a success.
    /// </summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature { OriginalPath = context.Request.Path, OriginalPathBase = context.Request.PathBase });

        // OpenIddict's request handlers (the server's and the validation's) answer only at the server's own
        // endpoints; elsewhere they only prepare OpenIddict's validation, which a remembered token does not need.
        // So at (what may be) an endpoint they run first, as with UseAuthentication; elsewhere only when the token
        // has to be validated.
        var endpoint = MayBeOpenIddictEndpoint(context);
        if (!endpoint && Remembered(BearerOf(context.Request.Headers.Authorization.ToString()), forgetExpired: true) is { } remembered)
        {
            // The remembered token: no async step of its own (this is the path of nearly every request).
            context.User = remembered;
            return next(context);
        }

        return AuthenticateAsync(context, next, endpoint);
    }

    /// <summary>
    /// The caller of the bearer token in <paramref name="authorization"/> if the gateway has already validated it and
    /// it has not expired, else null. Validates nothing and changes nothing (not even an expired entry): for refusal
    /// paths that answer before authentication runs and only want to name the client in the audit entry.
    /// </summary>
    public CallerPrincipal? Known(string authorization)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return Remembered(BearerOf(authorization), forgetExpired: false);
    }

    /// <summary>The token of an <c>Authorization: Bearer …</c> header value; empty for any other.</summary>
    private static ReadOnlySpan<char> BearerOf(string header) =>
        header.StartsWith("Bearer ", StringComparison.Ordinal) ? header.AsSpan(7).Trim() : default;

    /// <summary>The caller remembered for <paramref name="presented"/> if unexpired, else null (an expired entry is dropped when <paramref name="forgetExpired"/>).</summary>
    private CallerPrincipal? Remembered(ReadOnlySpan<char> presented, bool forgetExpired)
    {
        if (presented.Length == 0 || !bySpan.TryGetValue(presented, out var cachedToken, out var known))
        {
            return null;
        }

        if (known.Expires > clock.GetUtcNow())
        {
            return known.Principal;
        }

        if (forgetExpired)
        {
            tokens.TryRemove(cachedToken, out _);
        }

        return null;
    }

    private async Task AuthenticateAsync(HttpContext context, RequestDelegate next, bool endpoint)
    {
        if (endpoint && await HandledByOpenIddictAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var presented = BearerOf(header);
        if (endpoint && Remembered(presented, forgetExpired: true) is { } remembered)
        {
            context.User = remembered;
            await next(context).ConfigureAwait(false);
            return;
        }

        var token = presented.Length > 0 ? presented.ToString() : null;
        if (!endpoint && await HandledByOpenIddictAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var result = await context.AuthenticateAsync().ConfigureAwait(false);
        if (result.Succeeded && result.Principal is { } principal)
        {
            var caller = new CallerPrincipal(principal);
            context.User = caller;
            if (token is { Length: > 0 } && principal.GetExpirationDate() is { } expires)
            {
                if (tokens.Count >= MaxEntries)
                {
                    tokens.Clear();
                }

                tokens[token] = (caller, expires);
            }
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Runs OpenIddict's request handlers (as UseAuthentication does); true if one of them answered the request.</summary>
    internal static async Task<bool> HandledByOpenIddictAsync(HttpContext context)
    {
        var schemes = context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>();
        var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
        foreach (var scheme in await schemes.GetRequestHandlerSchemesAsync().ConfigureAwait(false))
        {
            if (await handlers.GetHandlerAsync(context, scheme.Name).ConfigureAwait(false) is IAuthenticationRequestHandler handler
                && await handler.HandleRequestAsync().ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the path is one of the OpenIddict server's endpoint paths (token, revocation, and the discovery
    /// endpoints OpenIddict adds), compared without case and trailing slash, or lies under one of them.
    /// Anything in doubt counts as an endpoint, which only costs the handlers' run.
    /// </summary>
    private bool MayBeOpenIddictEndpoint(HttpContext context)
    {
        var paths = endpoints ??= EndpointPaths(context.RequestServices);
        var path = (context.Request.Path.Value ?? string.Empty).AsSpan().TrimEnd('/');
        foreach (var endpoint in paths)
        {
            if (path.StartsWith(endpoint, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] EndpointPaths(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        var paths = new List<string>();
        foreach (var uris in new[]
        {
            options.AuthorizationEndpointUris, options.ConfigurationEndpointUris, options.DeviceAuthorizationEndpointUris,
            options.EndSessionEndpointUris, options.EndUserVerificationEndpointUris, options.IntrospectionEndpointUris,
            options.JsonWebKeySetEndpointUris, options.PushedAuthorizationEndpointUris, options.RevocationEndpointUris,
            options.TokenEndpointUris, options.UserInfoEndpointUris,
        })
        {
            foreach (var uri in uris)
            {
                var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString;
                path = "/" + path.Trim('/');
                if (path.Length > 1)
                {
                    paths.Add(path);
                }
                else
                {
                    // An endpoint at the root (or an unexpected form) matches everything: the handlers always run.
                    return ["/"];
                }
            }
        }

        return [.. paths];
    }

    private sealed class AuthenticationFeature : IAuthenticationFeature
    {
        public PathString OriginalPathBase { get; set; }

        public PathString OriginalPath { get; set; }
    }
}
