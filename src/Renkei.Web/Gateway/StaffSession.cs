using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Renkei.Web.Gateway;

/// <summary>
/// The staff member's session in the screens: an encrypted, HTTP-only, same-site cookie holding the access token
/// the gateway issued and what the token says (name, retailer code or operator role). The cookie lives no longer
/// than the token. The claims here only shape the menus; every data request is decided by the gateway on the
/// token itself.
/// </summary>
internal static class StaffSession
{
    public const string AccessTokenClaim = "access_token";
    public const string RetailerClaim = "retailer_code";
    public const string RoleClaim = "role";
    public const string OperatorRole = "operator";
    public const string RetailerPolicy = "retailer";
    public const string OperatorPolicy = "operator";

    public static async Task SignInAsync(HttpContext context, string userName, string accessToken, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(accessToken);
        var payload = Payload(accessToken);
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, RoleClaim);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, userName));
        identity.AddClaim(new Claim(ClaimTypes.Name, Text(payload, "name") ?? userName));
        identity.AddClaim(new Claim(AccessTokenClaim, accessToken));
        if (Text(payload, RetailerClaim) is { } retailer)
        {
            identity.AddClaim(new Claim(RetailerClaim, retailer));
        }

        if (Text(payload, RoleClaim) is { } role)
        {
            identity.AddClaim(new Claim(RoleClaim, role));
        }

        await context.SignInAsync(
            CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { ExpiresUtc = expiresAt, IsPersistent = false, AllowRefresh = false }).ConfigureAwait(false);
    }

    public static bool IsOperatorToken(string accessToken) => Text(Payload(accessToken), RoleClaim) == OperatorRole;

    public static string AccessToken(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(AccessTokenClaim)?.Value ?? throw new SessionExpiredException("no access token in the session");
    }

    public static string? RetailerCode(this ClaimsPrincipal user) => user?.FindFirst(RetailerClaim)?.Value;

    public static bool IsOperator(this ClaimsPrincipal user) => user?.FindFirst(RoleClaim)?.Value == OperatorRole;

    private static JsonElement Payload(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length < 2)
        {
            return default;
        }

        var p = parts[1].Replace('-', '+').Replace('_', '/');
        p = p.PadRight(p.Length + ((4 - (p.Length % 4)) % 4), '=');
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(p)));
        return doc.RootElement.Clone();
    }

    private static string? Text(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
