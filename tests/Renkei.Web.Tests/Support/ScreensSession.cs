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
        using var answer = await session.PostFormAsync("/Login", ("UserName", user), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return session;
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
}
