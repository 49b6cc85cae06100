using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Renkei.Gateway.Tests.Support;

/// <summary>
/// The staff log-in as the screens and a browser make it together: the screens' authorization request with PKCE
/// (S256), the browser's GET of the gateway's log-in page and POST of its form, the code in the redirect, and the
/// screens' code exchange with their secret and the verifier.
/// </summary>
public sealed partial class StaffCodeFlow
{
    public string Verifier { get; } = Base64Url(RandomNumberGenerator.GetBytes(32));

    public string State { get; } = Base64Url(RandomNumberGenerator.GetBytes(16));

    public string Nonce { get; } = Base64Url(RandomNumberGenerator.GetBytes(16));

    public string Challenge => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    /// <summary>The authorization request's URL (relative to the gateway).</summary>
    public string AuthorizeUrl(Uri? redirectUri = null, string method = "S256", string clientId = TestGateway.ScreensId) =>
        QueryHelpers.AddQueryString("connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = (redirectUri ?? TestGateway.ScreensRedirect).ToString(),
            ["scope"] = "openid",
            ["state"] = State,
            ["nonce"] = Nonce,
            ["code_challenge"] = Challenge,
            ["code_challenge_method"] = method,
        });

    /// <summary>
    /// GETs the log-in page and posts its form with the user name and password (to <paramref name="postTo"/>, a client
    /// of the same browser at another gateway instance, when given); the answer to the post.
    /// </summary>
    public async Task<HttpResponseMessage> LogInAsync(HttpClient browser, string user, string password, HttpClient? postTo = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        using var page = await browser.GetAsync(new Uri(AuthorizeUrl(), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var fields = Hidden().Matches(await page.Content.ReadAsStringAsync())
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(new("username", user))
            .Append(new("password", password));
        return await (postTo ?? browser).PostAsync(new Uri("connect/authorize", UriKind.Relative), new FormUrlEncodedContent(fields));
    }

    /// <summary>The code in a successful log-in's redirect, after checking it goes to the registered URI with our state.</summary>
    public string CodeOf(HttpResponseMessage redirect)
    {
        ArgumentNullException.ThrowIfNull(redirect);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        Assert.Equal(TestGateway.ScreensRedirect.GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(State, query["state"].ToString());
        return query["code"].ToString();
    }

    /// <summary>The screens' code exchange at the token endpoint (<paramref name="verifier"/> null: none sent).</summary>
    public static async Task<HttpResponseMessage> ExchangeAsync(HttpClient client, string code, string? verifier, string secret = TestGateway.ScreensSecret, Uri? redirectUri = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = TestGateway.ScreensId,
            ["client_secret"] = secret,
            ["code"] = code,
            ["redirect_uri"] = (redirectUri ?? TestGateway.ScreensRedirect).ToString(),
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return await client.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(form));
    }

    /// <summary>A whole log-in: the access token's response (asserted 200).</summary>
    public static async Task<JsonElement> TokenAsync(TestGateway gateway, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var flow = new StaffCodeFlow();
        using var redirect = await flow.LogInAsync(gateway.Browser(), user, password);
        using var token = await ExchangeAsync(gateway.Client(), flow.CodeOf(redirect), flow.Verifier);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        return await token.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex Hidden();
}
