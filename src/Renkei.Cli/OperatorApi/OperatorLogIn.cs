using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Renkei.Gateway.Staff;

namespace Renkei.Cli.OperatorApi;

/// <summary>
/// An operator's session at the gateway from the command line: the authorization code flow with PKCE (S256) as the
/// public client <see cref="CommandLineClient"/>. The command is its own user agent: it fetches the gateway's log-in
/// form, posts the operator's user name and password to the gateway (never anywhere else), takes the one-time code
/// from the redirect's <c>Location</c> without following it, and exchanges it with the verifier. The token is revoked
/// when the session is disposed.
/// </summary>
internal sealed partial class OperatorLogIn : IAsyncDisposable
{
    private readonly HttpClient http;
    private string? token;

    private OperatorLogIn(HttpClient http) => this.http = http;

    /// <summary>A session whose TLS trusts exactly <paramref name="caCertificate"/> when given (else the machine's store).</summary>
    public static OperatorLogIn Open(Uri gateway, string? caCertificate)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        if (caCertificate is not null)
        {
            var pinned = X509CertificateLoader.LoadCertificateFromFile(caCertificate);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), pinned.GetCertHash(HashAlgorithmName.SHA256)),
            };
        }

        return new OperatorLogIn(new HttpClient(handler) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>Logs in; throws <see cref="OperatorRefusedException"/> with the gateway's reason when it refuses.</summary>
    public async Task LogInAsync(string user, string password, CancellationToken cancellationToken)
    {
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var state = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = "connect/authorize?response_type=code&client_id=" + CommandLineClient.ClientId
            + "&redirect_uri=" + Uri.EscapeDataString(CommandLineClient.RedirectUri.ToString())
            + "&state=" + state + "&code_challenge=" + challenge + "&code_challenge_method=S256&ui_locales=en";
        using var page = await http.GetAsync(authorize, cancellationToken).ConfigureAwait(false);
        var html = await page.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new OperatorRefusedException($"the gateway refused the command line's log-in request ({(int)page.StatusCode}): is operator log-in from the command line enabled at this gateway?");
        }

        var fields = Hidden().Matches(html)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(new("username", user))
            .Append(new("password", password));
        using var form = new FormUrlEncodedContent(fields);
        using var posted = await http.PostAsync("connect/authorize", form, cancellationToken).ConfigureAwait(false);
        if (posted.StatusCode != HttpStatusCode.Redirect || posted.Headers.Location is not { } location)
        {
            var reason = Alert().Match(await posted.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) is { Success: true } m
                ? WebUtility.HtmlDecode(m.Groups[1].Value) : "no reason given";
            throw new OperatorRefusedException($"log-in refused ({(int)posted.StatusCode}): {reason}");
        }

        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        if (!string.Equals(location.GetLeftPart(UriPartial.Path), CommandLineClient.RedirectUri.ToString(), StringComparison.Ordinal)
            || !string.Equals(query["state"], state, StringComparison.Ordinal) || query["code"] is not { Length: > 0 } code)
        {
            throw new OperatorRefusedException($"log-in refused: the gateway redirected to {location.GetLeftPart(UriPartial.Path)} without this session's code ({query["error_description"] ?? query["error"] ?? "no error given"})");
        }

        using var exchange = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = CommandLineClient.ClientId,
            ["code"] = code,
            ["redirect_uri"] = CommandLineClient.RedirectUri.ToString(),
            ["code_verifier"] = verifier,
        });
        using var answer = await http.PostAsync("connect/token", exchange, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        if (!answer.IsSuccessStatusCode || !json.RootElement.TryGetProperty("access_token", out var accessToken))
        {
            throw new OperatorRefusedException($"the code exchange was refused ({(int)answer.StatusCode}): {json.RootElement}");
        }

        token = accessToken.GetString();
    }

    /// <summary>GETs <paramref name="relative"/> with the session's token.</summary>
    public async Task<HttpResponseMessage> GetAsync(string relative, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relative);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? throw new InvalidOperationException("not logged in"));
        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (token is not null)
        {
            try
            {
                using var revoke = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["client_id"] = CommandLineClient.ClientId });
                using var _ = await http.PostAsync("connect/revoke", revoke).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // The token expires on its own (30 minutes); nothing more to do for a gateway that went away.
            }
        }

        http.Dispose();
    }


    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex Hidden();

    [GeneratedRegex("<p class=\"alert\"[^>]*>([^<]*)</p>")]
    private static partial Regex Alert();
}

/// <summary>The gateway refused the operator's log-in (or the command line's client).</summary>
internal sealed class OperatorRefusedException(string message) : Exception(message);
