using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Renkei.Cli.Demo;

namespace Renkei.Web.Tests.Support;

/// <summary>
/// The whole system started in-process by the real demo host (switching, metering with the simulated fleet, the
/// gateway over TLS, the screens over TLS), on free loopback ports in a temporary folder, once for all tests of
/// the collection. Clients trust exactly the demo's certificate.
/// </summary>
public sealed class DemoSystem : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "renkei-web-" + Guid.NewGuid().ToString("N"));

    public DemoHost Host { get; private set; } = null!;

    public X509Certificate2 Certificate { get; private set; } = null!;

    public DemoCredentials Credentials => Host.Credentials;

    public Uri WebUrl => Host.WebUrl;

    public Uri GatewayUrl => Host.GatewayUrl;

    public async Task InitializeAsync()
    {
        Host = await DemoHost.StartAsync(
            new DemoOptions
            {
                DataDirectory = DataDirectory,
                Meters = 300,
                GatewayPort = 0,
                WebPort = 0,

                // Every test logs in at the gateway's page from the one loopback address, more than its default 30 a minute.
                // The screens' own limit on their sign-in callback likewise.
                GatewayLimits = new Renkei.Gateway.Ips.GatewayLimits { StaffLogInsPerAddressPerMinute = 1_000 },
                ScreensLogInsPerAddressPerMinute = 1_000,

                // The metering node's free-space threshold above any volume: its disk-low alert is on the dashboard
                // (DashboardAlertsTests) without filling a disk. Readiness only reports; nothing else changes.
                // Every day misses a read at a cutoff whatever the date (RereadDashboardTests): the last meter's
                // import read at 10:00 is lost, besides the demo's hashed faults.
                Faults = new Renkei.Simulator.Fleet.FleetFaults { LostDaily = (299, 20) },

                MeteringObservability = new Renkei.Hosting.Observability.NodeObservabilityOptions { MinFreeBytes = long.MaxValue, MinFreePercent = 100 },
            },
            progress: null,
            CancellationToken.None);
        Certificate = X509CertificateLoader.LoadCertificateFromFile(Host.Credentials.CaCertificate);
    }

    public DemoRetailer Retailer(int index) => Credentials.Retailers[index];

    /// <summary>An HTTPS client pinned to the demo's certificate, keeping cookies, not following redirects.</summary>
    public HttpClient Client(Uri baseAddress, CookieContainer? cookies = null, X509Certificate2? clientCertificate = null)
    {
        var pinned = Certificate.GetCertHashString();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = cookies ?? new CookieContainer(),
            UseCookies = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == pinned,
            },
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    /// <summary>A token request to the gateway (client credentials of a retailer system, or the screens' code exchange).</summary>
    public async Task<HttpResponseMessage> TokenAsync(HttpClient gateway, params (string Key, string Value)[] form) =>
        await gateway.PostAsync("connect/token", new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))));

    /// <summary>
    /// A staff member's access token as the screens get it (the tests act as the screens here, with their secret): an
    /// authorization request with PKCE at the gateway, its log-in form posted, the code taken from the redirect to the
    /// screens' registered callback (not followed) and exchanged with the verifier.
    /// </summary>
    public async Task<string> StaffTokenAsync(HttpClient gateway, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var redirect = new Uri(WebUrl, "signin-callback").ToString();
        var authorize = QueryHelpers.AddQueryString(new Uri(GatewayUrl, "connect/authorize").ToString(), new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = "renkei-screens",
            ["redirect_uri"] = redirect,
            ["scope"] = "openid",
            ["state"] = "test-state",
            ["nonce"] = "test-nonce",
            ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        });
        using var browser = Client(GatewayUrl);
        var html = await browser.GetStringAsync(authorize);
        var fields = Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(new("username", user))
            .Append(new("password", password));
        using var posted = await browser.PostAsync("connect/authorize", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var code = QueryHelpers.ParseQuery(posted.Headers.Location!.Query)["code"].ToString();
        using var response = await TokenAsync(
            gateway,
            ("grant_type", "authorization_code"),
            ("client_id", "renkei-screens"),
            ("client_secret", ScreensSecret()),
            ("code", code),
            ("code_verifier", verifier),
            ("redirect_uri", redirect));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public async Task<string> SystemTokenAsync(HttpClient gateway, DemoRetailer retailer)
    {
        using var response = await TokenAsync(gateway, ("grant_type", "client_credentials"), ("client_id", retailer.ClientId), ("client_secret", retailer.ClientSecret));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>The screens client's secret, as the demo handed it to the screens (tests act as the screens here).</summary>
    public string ScreensSecret() => Host.ScreensSecret;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the temp folder's own cleanup.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoSystem>
{
    public const string Name = "demo system";
}
