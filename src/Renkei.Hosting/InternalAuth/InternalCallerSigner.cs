using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Renkei.Hosting.InternalAuth;

/// <summary>
/// Mints the caller's proofs: one per audience, valid <see cref="Lifetime"/>, re-minted when less than half of
/// it is left, so signing costs one ECDSA signature per audience per half-lifetime, not one per request. The
/// current proofs are read without a lock (every forwarded request asks); only re-minting takes it.
/// </summary>
public sealed class InternalCallerSigner(ECDsa key, string issuer, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, Held> current = new(StringComparer.Ordinal);

    public string Issuer { get; } = issuer;

    /// <summary>A valid proof addressed to <paramref name="audience"/>.</summary>
    public string TokenFor(string audience)
    {
        var now = clock.GetUtcNow();
        if (current.TryGetValue(audience, out var held) && now < held.Renew)
        {
            return held.Token;
        }

        lock (gate)
        {
            if (current.TryGetValue(audience, out held) && now < held.Renew)
            {
                return held.Token;
            }

            var token = InternalCallerToken.Create(key, Issuer, audience, now + Lifetime);
            current[audience] = new Held(token, now + (Lifetime / 2));
            return token;
        }
    }

    private sealed record Held(string Token, DateTimeOffset Renew);
}
