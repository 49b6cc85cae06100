using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
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
            new DemoOptions { DataDirectory = DataDirectory, Meters = 300, GatewayPort = 0, WebPort = 0 },
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

    /// <summary>A token from the gateway: client credentials of a retailer system, or a staff member's password grant.</summary>
    public async Task<HttpResponseMessage> TokenAsync(HttpClient gateway, params (string Key, string Value)[] form) =>
        await gateway.PostAsync("connect/token", new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))));

    public async Task<string> StaffTokenAsync(HttpClient gateway, string user, string password)
    {
        using var response = await TokenAsync(
            gateway,
            ("grant_type", "password"),
            ("client_id", "renkei-screens"),
            ("client_secret", ScreensSecret()),
            ("username", user),
            ("password", password));
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
