namespace Renkei.Gateway.Auth;

/// <summary>A retailer system allowed to obtain tokens with the client-credentials grant.</summary>
/// <param name="ClientId">OAuth2 client ID.</param>
/// <param name="ClientSecret">The secret in clear; stored only hashed.</param>
/// <param name="RetailerCode">The retailer code the client acts for; carried in its tokens.</param>
/// <param name="DisplayName">A name for operators.</param>
/// <param name="CertificateThumbprints">
/// SHA-256 thumbprints (base64url, RFC 8705 <c>x5t#S256</c>) of the client certificates registered for it.
/// When any is set, the client must present one of them over mutual TLS to get a token, and its tokens are
/// bound to that certificate.
/// </param>
public sealed record RetailerClient(string ClientId, string ClientSecret, string RetailerCode, string DisplayName, IReadOnlyList<string>? CertificateThumbprints = null)
{
    public bool RequiresCertificate => CertificateThumbprints is { Count: > 0 };
}
