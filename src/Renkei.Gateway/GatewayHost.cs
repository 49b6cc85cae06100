using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using Renkei.Gateway.Access;
using Renkei.Gateway.Auth;
using Renkei.Gateway.Tls;
using Yarp.ReverseProxy.Configuration;

namespace Renkei.Gateway;

/// <summary>
/// Builds the DMZ gateway: HTTPS only (TLS 1.2+), the OAuth2 token endpoint, and the reverse proxy whose routes
/// require a valid token and pass the access decision before anything is forwarded to the internal zone.
/// </summary>
public static class GatewayHost
{
    public const string MeteringCluster = "metering";

    public static async Task<WebApplication> BuildAsync(GatewayHostOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        var certificate = GatewayCertificate.LoadOrCreate(options.DataDirectory);
        var (signingKey, encryptionKey) = TokenKeys.LoadOrCreate(options.DataDirectory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Renkei.Gateway",
            ContentRootPath = AppContext.BaseDirectory,
        });
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.ListenAddress, options.Port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }));
        });

        var dbPath = Path.Combine(options.DataDirectory, "gateway.db");
        builder.Services.AddDbContext<GatewayDbContext>(o =>
        {
            o.UseSqlite($"Data Source={dbPath}");
            o.UseOpenIddict();
        });

        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<GatewayDbContext>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris("connect/token");
                o.AllowClientCredentialsFlow();
                o.SetAccessTokenLifetime(options.AccessTokenLifetime);
                o.AddSigningKey(signingKey);
                o.AddEncryptionKey(encryptionKey);

                // Access tokens are signed JWTs (not encrypted): they carry no secret, only the client and its
                // retailer code, and a signature check is far cheaper per request than a decryption.
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableTokenEndpointPassthrough();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
            });

        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(RenkeiClaims.RetailerPolicy, p => p
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(RenkeiClaims.RetailerCode));

        builder.Services.AddSingleton<ContractReadModel>();
        builder.Services.AddHttpClient(nameof(ContractFeedFollower), c => c.BaseAddress = options.SwitchingUrl);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ContractFeedFollower>());
        builder.Services.AddSingleton(sp => new ContractFeedFollower(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ContractFeedFollower)),
            sp.GetRequiredService<ContractReadModel>(),
            sp.GetRequiredService<ILogger<ContractFeedFollower>>()));

        builder.Services.AddReverseProxy().LoadFromMemory(Routes(), Clusters(options));

        var app = builder.Build();
        await InitialiseAsync(app, options, cancellationToken).ConfigureAwait(false);

        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTokenEndpoint();
        app.MapReverseProxy(proxy => proxy.Use(AccessDecision.InvokeAsync));
        return app;
    }

    private static async Task InitialiseAsync(WebApplication app, GatewayHostOptions options, CancellationToken cancellationToken)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await ClientRegistration.RegisterAsync(applications, options.Clients, cancellationToken).ConfigureAwait(false);
        }

        // The read model must be current before the first request is decided.
        await app.Services.GetRequiredService<ContractFeedFollower>().SyncAsync(cancellationToken).ConfigureAwait(false);
    }

    private static RouteConfig[] Routes() =>
    [
        new RouteConfig
        {
            RouteId = "supply-point-intervals",
            ClusterId = MeteringCluster,
            AuthorizationPolicy = RenkeiClaims.RetailerPolicy,
            Match = new RouteMatch { Path = "/api/v1/supply-points/{id}/intervals", Methods = ["GET"] },
            Transforms =
            [
                new Dictionary<string, string> { ["PathPattern"] = "/internal/v1/supply-points/{id}/intervals" },
                new Dictionary<string, string> { ["RequestHeaderRemove"] = "Authorization" },
            ],
        },
    ];

    private static ClusterConfig[] Clusters(GatewayHostOptions options) =>
    [
        new ClusterConfig
        {
            ClusterId = MeteringCluster,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["metering"] = new DestinationConfig { Address = options.MeteringUrl.ToString() },
            },
        },
    ];
}
