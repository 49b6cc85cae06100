using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Renkei.Web.Gateway;

/// <summary>
/// The screens' side of the staff log-in: the authorization code flow with PKCE (RFC 6749 4.1, RFC 7636 S256) against
/// the gateway, with OpenID Connect's <c>nonce</c>. <see cref="Start"/> makes a fresh state, nonce and code verifier,
/// keeps them in a short-lived encrypted cookie scoped to the callback path, and returns the gateway's authorization
/// URL; <see cref="CompleteAsync"/> (at the registered redirect URI) takes the cookie back, compares the state in
/// constant time, exchanges the code with the verifier and the screens' secret over the pinned TLS channel, and
/// checks the identity token's nonce, audience, issuer and expiry. Three steps of the RFCs, written here rather
/// than pulling a full OpenID Connect client stack into the screens; the gateway (OpenIddict) does the checks that
/// matter most: exact redirect URI, one-time code, verifier against challenge.
/// <para>
/// The identity token's signature is not checked: it arrives in the token response, straight from the gateway over
/// TLS with the gateway's certificate pinned and the screens authenticated, which OpenID Connect Core 3.1.3.7 (6)
/// accepts in place of the signature.
/// </para>
/// </summary>
internal sealed class StaffLogIn(GatewayApi gateway, WebHostOptions options, IDataProtectionProvider protection)
{
    public const string CallbackPath = "/signin-callback";
    private const string Cookie = "renkei-login";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly IDataProtector protector = protection.CreateProtector("renkei-web.staff-login.v1");

    /// <summary>The redirect URI: the screens' own origin (as the browser reached it) and <see cref="CallbackPath"/>; the gateway accepts only the registered one.</summary>
    public static Uri RedirectUri(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Uri($"https://{context.Request.Host}{CallbackPath}");
    }

    public Uri Start(HttpContext context, string? returnUrl, string language)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = Random(32);
        var nonce = Random(32);
        var verifier = Random(32);
        var pending = JsonSerializer.Serialize(new Pending(state, nonce, verifier, returnUrl));
        context.Response.Cookies.Append(Cookie, protector.Protect(pending), new CookieOptions
        {
            HttpOnly = true,
            Secure = true,

            // Lax: the browser comes back to the callback by a top-level redirect from the gateway's site.
            SameSite = SameSiteMode.Lax,
            Path = CallbackPath,
            MaxAge = Lifetime,
        });
        var authorize = new Uri(options.GatewayUrl, "connect/authorize").ToString();
        return new Uri(QueryHelpers.AddQueryString(authorize, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = options.ClientId,
            ["redirect_uri"] = RedirectUri(context).ToString(),
            ["scope"] = "openid",
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
            ["ui_locales"] = language,
        }));
    }

    public async Task<CompletedLogIn> CompleteAsync(HttpContext context, string? code, string? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var refused = new CompletedLogIn(LoginResult.Refused, null, null, null, null);
        var cookie = context.Request.Cookies[Cookie];
        context.Response.Cookies.Delete(Cookie, new CookieOptions { Path = CallbackPath, Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        Pending? pending;
        try
        {
            pending = cookie is null ? null : JsonSerializer.Deserialize<Pending>(protector.Unprotect(cookie));
        }
        catch (CryptographicException)
        {
            pending = null;
        }

        if (pending is null || string.IsNullOrEmpty(code) || state is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state), Encoding.ASCII.GetBytes(pending.State)))
        {
            return refused;
        }

        var exchanged = await gateway.ExchangeCodeAsync(code, pending.Verifier, RedirectUri(context), cancellationToken).ConfigureAwait(false);
        if (exchanged.Result != LoginResult.Ok)
        {
            return new CompletedLogIn(exchanged.Result, null, null, null, null);
        }

        var id = Payload(exchanged.IdToken);
        var access = Payload(exchanged.AccessToken);
        var subject = Text(access, "sub");
        if (Text(id, "nonce") is not { } nonce
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(nonce), Encoding.ASCII.GetBytes(pending.Nonce))
            || !Audience(id, options.ClientId)
            || !string.Equals(Text(id, "iss")?.TrimEnd('/'), options.GatewayUrl.ToString().TrimEnd('/'), StringComparison.Ordinal)
            || !(id.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds) && DateTimeOffset.FromUnixTimeSeconds(seconds) > DateTimeOffset.UtcNow)
            || subject is null
            || !string.Equals(Text(id, "sub"), subject, StringComparison.Ordinal))
        {
            return refused;
        }

        var userName = subject.StartsWith("staff:", StringComparison.Ordinal) ? subject["staff:".Length..] : subject;
        return new CompletedLogIn(LoginResult.Ok, userName, exchanged.AccessToken, exchanged.ExpiresAt, pending.ReturnUrl);
    }

    private static bool Audience(JsonElement token, string clientId) =>
        token.TryGetProperty("aud", out var aud) && (aud.ValueKind == JsonValueKind.String
            ? aud.GetString() == clientId
            : aud.ValueKind == JsonValueKind.Array && aud.EnumerateArray().Any(a => a.GetString() == clientId));

    private static JsonElement Payload(string? jwt)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 })
        {
            return default;
        }

        try
        {
            using var doc = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return doc.RootElement.Clone();
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return default;
        }
    }

    private static string? Text(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Random(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));


    private sealed record Pending(string State, string Nonce, string Verifier, string? ReturnUrl);
}

/// <summary>A finished log-in: the staff member's user name and access token, or why not.</summary>
internal sealed record CompletedLogIn(LoginResult Result, string? UserName, string? AccessToken, DateTimeOffset? ExpiresAt, string? ReturnUrl);
