using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Auth;
using Renkei.Gateway.Callers;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Webhooks;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Tests.Support;

/// <summary>
/// A real gateway (Kestrel, TLS on loopback, OpenIddict, YARP) in front of the <see cref="InternalZone"/>, with
/// three retailer systems: r1 and r2 with secrets, r3 with a secret and the registered client certificate
/// <see cref="TestCertificates.A"/>; with <c>staff</c> given, also the screens client and those staff accounts.
/// Clients talk to it over HTTPS, trusting exactly its certificate.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    public const string R1Id = "r1-system";
    public const string R1Secret = "r1-secret-correct-horse";
    public const string R2Id = "r2-system";
    public const string R2Secret = "r2-secret-battery-staple";
    public const string R3Id = "r3-system";
    public const string R3Secret = "r3-secret-mutual-tls";
    public const string ScreensId = "renkei-screens";
    public const string ScreensSecret = "screens-secret-first-party";

    /// <summary>The screens' registered redirect URI in these tests (never followed: the tests read the code from it).</summary>
    public static readonly Uri ScreensRedirect = new("https://screens.renkei.test/signin-callback");

    private readonly List<HttpClient> clients = [];
    private X509Certificate2 serverCertificate = null!;

    private TestGateway(WebApplication app) => App = app;

    public WebApplication App { get; }

    public Uri Url { get; private set; } = null!;

    public string DataDirectory { get; private init; } = null!;

    /// <summary>The hash of this gateway's TLS certificate (a client that trusts several instances pins each).</summary>
    public string ServerCertificateHash => serverCertificate.GetCertHashString();

    public AuditLog Audit => App.Services.GetRequiredService<AuditLog>();

    public static async Task<TestGateway> StartAsync(
        InternalZone zone, TimeProvider? clock = null, GatewayLimits? limits = null, TimeSpan? tokenLifetime = null, Uri? meteringUrl = null, string? dataDirectory = null, WebhookOptions? webhooks = null,
        IReadOnlyList<Gateway.Staff.StaffAccount>? staff = null, int port = 0, string? postgres = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var options = new GatewayHostOptions
        {
            DataDirectory = dataDirectory ?? Path.Combine(zone.Root, "gateway-" + Guid.NewGuid().ToString("N")),
            Port = port,
            Postgres = postgres,

            // Instances on one store stand behind one address, which their tokens name as issuer.
            Issuer = postgres is null ? null : new Uri("https://gateway.renkei.test/"),
            MeteringUrl = meteringUrl ?? zone.MeteringUrl,

            // A test that names its own metering (a recorder, an echo) gets HTTP/1.1 to it; otherwise HTTP/2.
            MeteringHttp2Url = meteringUrl is null ? zone.MeteringHttp2Url : null,
            SwitchingUrl = zone.SwitchingUrl,
            CallerKey = zone.GatewayKey,
            Clock = clock ?? TimeProvider.System,
            Limits = limits ?? new GatewayLimits(),
            AccessTokenLifetime = tokenLifetime ?? TimeSpan.FromMinutes(30),
            Webhooks = webhooks ?? new WebhookOptions(),

            // The screens client (authorization code flow with PKCE) only where a test logs staff in.
            Screens = staff is null ? null : new Gateway.Staff.ScreensClient(ScreensId, ScreensSecret, ScreensRedirect),
            Staff = staff ?? [],
            Clients =
            [
                new RetailerClient(R1Id, R1Secret, Market.R1, "R1 system"),
                new RetailerClient(R2Id, R2Secret, Market.R2, "R2 system"),
                new RetailerClient(R3Id, R3Secret, Market.R3, "R3 system", [ClientCertificates.Thumbprint(TestCertificates.A)]),
            ],
        };
        var app = await GatewayHost.BuildAsync(options, l => l.ClearProviders());
        var gateway = new TestGateway(app) { DataDirectory = options.DataDirectory };
        await app.StartAsync();
        gateway.Url = new Uri(app.Urls.First() + "/");
        gateway.serverCertificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(options.DataDirectory, "tls.crt"));
        return gateway;
    }

    /// <summary>An HTTPS client that trusts only this gateway's certificate, optionally presenting a client certificate.</summary>
    public HttpClient Client(X509Certificate2? clientCertificate = null, SslProtocols? protocols = null)
    {
        var pinned = serverCertificate.GetCertHashString();
        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == pinned,
        };
        if (clientCertificate is not null)
        {
            ssl.ClientCertificates = [clientCertificate];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        if (protocols is { } p)
        {
            ssl.EnabledSslProtocols = p;
        }

        var client = new HttpClient(new SocketsHttpHandler { SslOptions = ssl }) { BaseAddress = Url };
        clients.Add(client);
        return client;
    }

    public async Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string clientId, string secret)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await client.PostAsync(
            new Uri("connect/token", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = secret,
            }));
    }

    /// <summary>
    /// A browser's HTTPS client for the log-in page: keeps cookies, does not follow redirects (the last one goes to the
    /// screens' registered redirect URI, which the tests read rather than follow), optionally presents a certificate.
    /// </summary>
    public HttpClient Browser(X509Certificate2? clientCertificate = null)
    {
        var pinned = serverCertificate.GetCertHashString();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
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

        var client = new HttpClient(handler) { BaseAddress = Url };
        clients.Add(client);
        return client;
    }

    public async Task<string> TokenAsync(string clientId, string secret, HttpClient? via = null)
    {
        using var response = await RequestTokenAsync(via ?? Client(), clientId, secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        return token!.access_token;
    }

    public static async Task<HttpResponseMessage> GetIntervalsAsync(HttpClient client, string token, string point, string date)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await GetAsync(client, token, $"api/v1/supply-points/{point}/intervals?date={date}");
    }

    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string? token, string relative)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(relative, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    /// <summary>The audit entries (all of them, oldest first) whose path contains <paramref name="pathPart"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> AuditOfAsync(string pathPart)
    {
        var all = await Audit.QueryAsync(new AuditQuery { Limit = 100_000 });
        return [.. all.Where(e => e.Path.Contains(pathPart, StringComparison.Ordinal))];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in clients)
        {
            c.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
        serverCertificate.Dispose();
    }

#pragma warning disable IDE1006 // OAuth2 field names
    public sealed record TokenResponse(string access_token, string token_type, int expires_in);
#pragma warning restore IDE1006
}
