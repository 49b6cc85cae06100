using System.Security.Cryptography;

namespace Renkei.Hosting.InternalAuth;

/// <summary>
/// Mints the caller's proofs: one per audience, valid <see cref="Lifetime"/>, re-minted when less than half of
/// it is left, so signing costs one ECDSA signature per audience per half-lifetime, not one per request.
/// </summary>
public sealed class InternalCallerSigner(ECDsa key, string issuer, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly Lock gate = new();
    private readonly Dictionary<string, (string Token, DateTimeOffset Renew)> current = new(StringComparer.Ordinal);

    public string Issuer { get; } = issuer;

    /// <summary>A valid proof addressed to <paramref name="audience"/>.</summary>
    public string TokenFor(string audience)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (current.TryGetValue(audience, out var held) && now < held.Renew)
            {
                return held.Token;
            }

            var token = InternalCallerToken.Create(key, Issuer, audience, now + Lifetime);
            current[audience] = (token, now + (Lifetime / 2));
            return token;
        }
    }
}
