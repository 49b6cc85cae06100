using System.Net;
using System.Text.RegularExpressions;

namespace Renkei.Web.Tests.Support;

/// <summary>A staff member's session in the screens over plain HTTP (no browser): cookies, antiforgery tokens, forms.</summary>
public sealed partial class ScreensSession : IDisposable
{
    private ScreensSession(HttpClient client, CookieContainer cookies)
    {
        Client = client;
        Cookies = cookies;
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies { get; }

    public static ScreensSession Anonymous(DemoSystem system, string? lang = null, System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var cookies = new CookieContainer();
        if (lang is not null)
        {
            cookies.Add(system.WebUrl, new Cookie("renkei-lang", lang));
        }

        return new ScreensSession(system.Client(system.WebUrl, cookies, clientCertificate), cookies);
    }

    public static async Task<ScreensSession> LogInAsync(DemoSystem system, string user, string password, string? lang = null)
    {
        var session = Anonymous(system, lang);
        using var answer = await session.LogInThroughGatewayAsync(user, password);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return session;
    }

    /// <summary>
    /// What a browser does: <c>/Login</c> at the screens redirects to the gateway's log-in page (authorization request
    /// with PKCE); its form is posted there with the user name and password (and the client certificate, if this
    /// session has one, presented to the gateway); the gateway redirects to the screens' callback, which exchanges the
    /// code. The answer is the callback's (302 to the screens on success) or, if the gateway refused, the gateway's.
    /// </summary>
    public async Task<HttpResponseMessage> LogInThroughGatewayAsync(string user, string password)
    {
        var (authorize, html) = await GatewayLogInPageAsync();
        var fields = Hidden().Matches(html)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(new("username", user))
            .Append(new("password", password));
        var posted = await Client.PostAsync(new Uri(authorize.GetLeftPart(UriPartial.Path)), new FormUrlEncodedContent(fields));
        if (posted.StatusCode != HttpStatusCode.Redirect)
        {
            return posted;
        }

        using (posted)
        {
            return await Client.GetAsync(posted.Headers.Location);
        }
    }

    /// <summary>Follows <c>/Login</c> to the gateway's log-in page: its URL (the authorization request) and its HTML.</summary>
    public async Task<(Uri Authorize, string Html)> GatewayLogInPageAsync()
    {
        using var start = await Client.GetAsync("/Login");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        return (authorize, await Client.GetStringAsync(authorize));
    }

    /// <summary>GETs <paramref name="path"/> for its antiforgery token, then POSTs the form with it.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, params (string Key, string Value)[] fields)
    {
        var page = await Client.GetStringAsync(path);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "the form has no antiforgery token");
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token.Groups[1].Value));
        return await Client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex Hidden();
}
