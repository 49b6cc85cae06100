using System.Security.Claims;
using System.Text.Json;
using OpenIddict.Abstractions;

namespace Renkei.Gateway.Callers;

/// <summary>
/// A validated access token's principal with the claims the gateway's steps read on every request taken out once:
/// <see cref="ValidatedTokens"/> keeps this, not OpenIddict's principal, for a token it remembers. Before, each request
/// looked the same claims up five to seven times (audit, revocation, certificate binding, rate limit, access decision,
/// forwarding), each <c>FindFirst</c> allocating a predicate and an enumerator, and parsed the <c>cnf</c> JSON again.
/// The claims are the same objects as OpenIddict's (the identities are shared), and every check still runs per request
/// on these values: revocation of <see cref="TokenId"/>, the presented certificate against <see cref="BoundThumbprint"/>.
/// Any other principal (staff, OpenIddict's own endpoints) is read the way it was, through the static helpers here.
/// </summary>
internal sealed class CallerPrincipal : ClaimsPrincipal
{
    private const string SubjectClaim = "sub";

    public CallerPrincipal(ClaimsPrincipal validated)
        : base(validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        Subject = FindFirst(SubjectClaim)?.Value;
        ClientId = Subject ?? FindFirst(ClaimTypes.NameIdentifier)?.Value;
        RetailerCode = FindFirst(RenkeiClaims.RetailerCode)?.Value;
        TokenId = TokenIdFrom(this);
        var cnf = FindFirst(RenkeiClaims.Confirmation);
        IsCertificateBound = cnf is not null;
        BoundThumbprint = cnf is null ? null : ThumbprintFrom(cnf);
    }

    /// <summary>The token's <c>sub</c>.</summary>
    public string? Subject { get; }

    /// <summary>What the audit log records as the client: <c>sub</c>, else the name identifier.</summary>
    public string? ClientId { get; }

    public string? RetailerCode { get; }

    /// <summary>OpenIddict's token ID (<c>oi_tkn_id</c>), else <c>jti</c>: what revocation is checked against.</summary>
    public string? TokenId { get; }

    /// <summary>Whether the token carries <c>cnf</c> (RFC 8705): then the connection must present <see cref="BoundThumbprint"/>.</summary>
    public bool IsCertificateBound { get; }

    /// <summary><c>cnf.x5t#S256</c>; null when <c>cnf</c> is absent or malformed (a bound token with no usable thumbprint is refused).</summary>
    public string? BoundThumbprint { get; }

    public static string? SubjectOf(ClaimsPrincipal user) => user is CallerPrincipal caller ? caller.Subject : user?.FindFirst(SubjectClaim)?.Value;

    public static string? ClientIdOf(ClaimsPrincipal user) => user is CallerPrincipal caller
        ? caller.ClientId
        : user?.FindFirst(SubjectClaim)?.Value ?? user?.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    public static string? RetailerCodeOf(ClaimsPrincipal user) => user is CallerPrincipal caller ? caller.RetailerCode : user?.FindFirst(RenkeiClaims.RetailerCode)?.Value;

    public static string? TokenIdOf(ClaimsPrincipal user) => user is CallerPrincipal caller ? caller.TokenId : user is null ? null : TokenIdFrom(user);

    /// <summary>Whether <paramref name="user"/>'s token is certificate-bound, and to which thumbprint (null if <c>cnf</c> is malformed).</summary>
    public static bool IsBound(ClaimsPrincipal user, out string? thumbprint)
    {
        if (user is CallerPrincipal caller)
        {
            thumbprint = caller.BoundThumbprint;
            return caller.IsCertificateBound;
        }

        var cnf = user?.FindFirst(RenkeiClaims.Confirmation);
        thumbprint = cnf is null ? null : ThumbprintFrom(cnf);
        return cnf is not null;
    }

    private static string? TokenIdFrom(ClaimsPrincipal user) => user.GetTokenId() ?? user.FindFirst("jti")?.Value;

    private static string? ThumbprintFrom(Claim cnf)
    {
        try
        {
            using var json = JsonDocument.Parse(cnf.Value);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty(RenkeiClaims.CertificateThumbprint, out var x5t)
                && x5t.ValueKind == JsonValueKind.String
                ? x5t.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
