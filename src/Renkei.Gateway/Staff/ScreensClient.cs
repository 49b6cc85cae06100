namespace Renkei.Gateway.Staff;

/// <summary>
/// The screens application (<c>Renkei.Web</c>): a confidential client of the authorization code flow with PKCE
/// (S256), the only client allowed the gateway's staff log-in page. <paramref name="RedirectUri"/> is registered
/// exactly: OpenIddict refuses any other (no prefix or pattern matching).
/// </summary>
public sealed record ScreensClient(string ClientId, string ClientSecret, Uri RedirectUri);
