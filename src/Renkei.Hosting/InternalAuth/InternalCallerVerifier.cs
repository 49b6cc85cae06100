using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Renkei.Hosting.InternalAuth;

/// <summary>
/// Checks an <see cref="InternalCallerToken"/>: well formed, issued by a trusted caller, addressed to this
/// service, not expired, not valid for longer than <see cref="InternalCallerToken.MaxLifetime"/>, and signed
/// by that caller's key. A verified token is remembered until it expires, so the signature is checked once per
/// token (a caller re-uses its token for a minute or so), not once per request.
/// </summary>
internal sealed class InternalCallerVerifier(InternalCallerTrust trust, TimeProvider clock)
{
    private const int MaxRemembered = 4096;
    private readonly ConcurrentDictionary<string, Verified> verified = new(StringComparer.Ordinal);

    public InternalCallerTrust Trust { get; } = trust ?? throw new ArgumentNullException(nameof(trust));

    /// <summary>Returns the caller the token proves, or null with the reason it does not.</summary>
    public InternalCaller? Verify(string? token, out string reason)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (string.IsNullOrEmpty(token))
        {
            reason = "no internal caller proof";
            return null;
        }

        if (verified.TryGetValue(token, out var known))
        {
            if (known.Expires > now)
            {
                reason = string.Empty;
                return known.Caller;
            }

            verified.TryRemove(token, out _);
            reason = "internal caller proof expired";
            return null;
        }

        if (!InternalCallerToken.TryRead(token, out var issuer, out var audience, out var expires, out var payload, out var signature))
        {
            reason = "malformed internal caller proof";
            return null;
        }

        InternalCaller? caller = null;
        foreach (var c in Trust.Callers)
        {
            if (string.Equals(c.Name, issuer, StringComparison.Ordinal))
            {
                caller = c;
                break;
            }
        }

        if (caller is null)
        {
            reason = "internal caller not trusted";
            return null;
        }

        if (!string.Equals(audience, Trust.Audience, StringComparison.Ordinal))
        {
            reason = "internal caller proof addressed to another service";
            return null;
        }

        if (expires <= now)
        {
            reason = "internal caller proof expired";
            return null;
        }

        if (expires - now > (long)InternalCallerToken.MaxLifetime.TotalSeconds)
        {
            reason = "internal caller proof lives too long";
            return null;
        }

        bool valid;
        try
        {
            valid = caller.PublicKey.VerifyData(payload, signature, HashAlgorithmName.SHA256);
        }
        catch (CryptographicException)
        {
            valid = false;
        }

        if (!valid)
        {
            reason = "internal caller proof signature invalid";
            return null;
        }

        if (verified.Count >= MaxRemembered)
        {
            verified.Clear();
        }

        verified[token] = new Verified(caller, expires);
        reason = string.Empty;
        return caller;
    }

    private readonly record struct Verified(InternalCaller Caller, long Expires);
}
