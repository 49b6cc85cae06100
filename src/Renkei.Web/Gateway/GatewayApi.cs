using System.Net;
using System.Text.Json;

namespace Renkei.Web.Gateway;

/// <summary>
/// The staff log-in's calls to the gateway's token server: the authorization code exchange (<see cref="StaffLogIn"/>)
/// and the revocation at log-out. The data itself comes through <see cref="Renkei.Client.RenkeiClient"/> with the
/// staff member's token.
/// </summary>
internal sealed class GatewayApi(HttpClient http, WebHostOptions options)
{
    /// <summary>
    /// Exchanges an authorization code for the staff member's tokens at <c>/connect/token</c> (the screens' secret,
    /// the PKCE verifier, the same redirect URI as in the authorization request).
    /// </summary>
    public async Task<LoginOutcome> ExchangeCodeAsync(string code, string verifier, Uri redirectUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redirectUri);
        using var content = new FormUrlEncodedContent(
        [
            new("grant_type", "authorization_code"),
            new("client_id", options.ClientId),
            new("client_secret", options.ClientSecret),
            new("code", code),
            new("code_verifier", verifier),
            new("redirect_uri", redirectUri.ToString()),
        ]);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri("connect/token", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return new LoginOutcome(LoginResult.Unavailable, null, null, null);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return new LoginOutcome(LoginResult.LockedOut, null, null, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                return new LoginOutcome(LoginResult.Refused, null, null, null);
            }

            using var doc = JsonDocument.Parse(body);
            var token = doc.RootElement.GetProperty("access_token").GetString()!;
            var id = doc.RootElement.TryGetProperty("id_token", out var i) ? i.GetString() : null;
            var expiresIn = doc.RootElement.TryGetProperty("expires_in", out var e) ? e.GetInt32() : 1800;
            return new LoginOutcome(LoginResult.Ok, token, id, DateTimeOffset.UtcNow.AddSeconds(expiresIn));
        }
    }

    /// <summary>Revokes the staff member's token at log-out (RFC 7009).</summary>
    public async Task RevokeAsync(string token, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(
        [
            new("token", token),
            new("client_id", options.ClientId),
            new("client_secret", options.ClientSecret),
        ]);
        try
        {
            using var response = await http.PostAsync(new Uri("connect/revoke", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // The token expires on its own; log-out goes on.
        }
    }
}

internal enum LoginResult
{
    Ok,
    Refused,
    LockedOut,
    Unavailable,
}

internal sealed record LoginOutcome(LoginResult Result, string? AccessToken, string? IdToken, DateTimeOffset? ExpiresAt);

/// <summary>The gateway refused the staff member's token (expired or revoked): the screens log out and ask again.</summary>
internal sealed class SessionExpiredException : Exception
{
    public SessionExpiredException()
        : base("the gateway refused the access token")
    {
    }

    public SessionExpiredException(string message)
        : base(message)
    {
    }

    public SessionExpiredException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
