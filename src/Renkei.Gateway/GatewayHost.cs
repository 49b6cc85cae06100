using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Validation.AspNetCore;
using Renkei.Gateway.Access;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Auth;
using Renkei.Gateway.Callers;
using Renkei.Gateway.Ips;
using Renkei.Gateway.OpenApi;
using Renkei.Gateway.Proxy;
using Renkei.Gateway.Staff;
using Renkei.Gateway.Store;
using Renkei.Gateway.Tls;
using Renkei.Gateway.Webhooks;
using Renkei.Hosting.Audit;
using Renkei.Hosting.Contracts;
using Renkei.Hosting.InternalAuth;
using Renkei.Hosting.Observability;
using Yarp.ReverseProxy.Configuration;

namespace Renkei.Gateway;

/// <summary>
/// Builds the DMZ gateway: HTTPS only (TLS 1.2+, AEAD suites, optional client certificates), the OAuth2 token and
/// revocation endpoints, and the reverse proxy whose routes require a valid, unrevoked token and pass the access
/// decision before anything is forwarded to the internal zone. Every request is audited.
/// </summary>
public static class GatewayHost
{
    /// <summary>Cluster IDs are also the audiences of the caller proofs: the internal services' names.</summary>
    public const string MeteringCluster = "metering";

    public const string SwitchingCluster = "switching";

    public static async Task<WebApplication> BuildAsync(GatewayHostOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Postgres is not null && options.Issuer is null)
        {
            throw new ArgumentException("the gateway on a shared PostgreSQL store needs Issuer: the one address all its instances are reached at (the load balancer's), or each instance refuses the tokens of the others", nameof(options));
        }

        Directory.CreateDirectory(options.DataDirectory);
        var certificate = options.Certificate ?? GatewayCertificate.LoadOrCreate(options.DataDirectory);
        var store = GatewayStore.For(options.DataDirectory, options.Postgres);
        var (signingKey, encryptionKey) = store.IsShared
            ? await ShareKeysAsync(store, options.DataDirectory, cancellationToken).ConfigureAwait(false)
            : TokenKeys.LoadOrCreate(options.DataDirectory);
        var clock = options.Clock;
        var limits = options.Limits;
        var signer = new InternalCallerSigner(options.CallerKey, "gateway", TimeProvider.System);
        var audit = new AuditLog(Path.Combine(options.DataDirectory, "audit"));
        var tlsRefusals = new TlsRefusals(audit, clock, new RefusalAuditLimits { LinesPerAddress = limits.TlsRefusalLinesPerAddress, Lines = limits.TlsRefusalLines, Window = limits.TlsRefusalWindow });

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Renkei.Gateway",
            ContentRootPath = AppContext.BaseDirectory,
            Args = Renkei.Hosting.NodeHostArguments.Get(),
        });
        logging?.Invoke(builder.Logging);
        builder.AddNodeObservability("gateway", options.DataDirectory, options.Observability);

        // ASP.NET Core starts a System.Diagnostics.Activity for every request as soon as its hosting diagnostics
        // logger is enabled at any level, and the forwarding HttpClient then starts a child activity and adds a
        // traceparent header to every forwarded request. Nothing here collects traces, and that logger only
        // writes request start/finish lines (Information): off. Errors are logged by Kestrel and the host.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalBytes;
            k.Limits.MaxRequestLineSize = limits.MaxRequestLineBytes;
            k.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            k.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            k.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(limits.MinBodyBytesPerSecond, limits.MinBodyRateGracePeriod);
            k.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            k.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections;
            k.Listen(options.ListenAddress, options.Port, listen =>
            {
                // HTTP/1.1 only: Kestrel answers every HTTP/1.1 refusal with a status (audited, KestrelRefusals),
                // where HTTP/2 drops the whole connection on, e.g., oversized headers, with no answer to audit; and
                // HTTP/2's own attack surface (rapid reset, CONTINUATION floods, HPACK) stays closed. Retailer
                // systems, the screens and the bench all speak HTTP/1.1.
                listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1;

                // Failed TLS handshakes are audited (once per connection, not per request): around the TLS step, its
                // ClientHello read, and a marker behind it for the handshakes that succeeded.
                listen.Use(tlsRefusals.Middleware);
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,

                    // Client certificates are asked for, not required: which clients must present one (and which) is
                    // decided per client at the token endpoint and per token (cnf) afterwards.
                    ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = static (_, _, _) => true,
                    OnAuthenticate = static (_, ssl) => TlsPolicy.Apply(ssl),
                    TlsClientHelloBytesCallback = tlsRefusals.OnClientHello,
                });
                listen.Use(TlsRefusals.Handshaken);
            });
        });

        builder.Services.AddSingleton(store);
        builder.Services.AddDbContext<GatewayDbContext>(store.Configure);
        builder.Services.AddHealthChecks().AddDbContextCheck<GatewayDbContext>("store", tags: [NodeObservability.ReadyTag]);

        builder.Services.AddOpenIddict()
            .AddCore(o =>
            {
                o.UseEntityFrameworkCore().UseDbContext<GatewayDbContext>();
                o.ReplaceApplicationManager(typeof(RotatingSecretApplicationManager<>));
                o.Configure(c => c.TimeProvider = clock);
            })
            .AddServer(o =>
            {
                o.SetTokenEndpointUris("connect/token");
                o.AllowClientCredentialsFlow();

                // Staff log-in to the screens: the authorization code flow with PKCE at the gateway's own log-in page
                // (Staff.StaffLogInPage), which only the screens client is permitted (ClientRegistration).
                o.SetAuthorizationEndpointUris(Staff.StaffLogInPage.Path.TrimStart('/'));
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();

                // S256 only: OpenIddict also enables "plain" by default, which protects nothing once the challenge is seen.
                o.Configure(c => c.CodeChallengeMethods.Remove(OpenIddictConstants.CodeChallengeMethods.Plain));
                o.SetAccessTokenLifetime(options.AccessTokenLifetime);
                if (options.Issuer is { } issuer)
                {
                    o.SetIssuer(issuer);
                }

                o.AddSigningKey(signingKey);
                o.AddEncryptionKey(encryptionKey);
                o.Configure(c => c.TimeProvider = clock);

                // The gateway checks client certificates itself, against each client's registered thumbprints
                // (TokenEndpoint), and binds tokens with cnf; OpenIddict's own PKI-based check would refuse the
                // self-signed certificates retailers register, so it is taken out of the pipeline.
                o.RemoveEventHandler(OpenIddict.Server.OpenIddictServerHandlers.ValidateClientCertificate.Descriptor);
                o.AddEventHandler(CertificateBinding.Descriptor);
                o.AddEventHandler(DiscoveryMetadata.Descriptor);

                // Access tokens are signed JWTs (not encrypted): they carry no secret, only the client and its
                // retailer code, and a signature check is far cheaper per request than a decryption.
                o.DisableAccessTokenEncryption();
                o.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough();
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                o.UseAspNetCore();
                o.AddAudiences(TokenAudience.Api);
                foreach (var challenge in BearerChallenge.Descriptors)
                {
                    o.AddEventHandler(challenge);
                }

                o.Configure(c => c.TimeProvider = clock);
            });

        builder.Services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        builder.Services.AddAuthorizationBuilder()
            // No scheme on the policy: the user is the one ValidatedTokens set (OpenIddict's, or remembered from
            // it), so authorization does not validate the token a second time.
            .AddPolicy(RenkeiClaims.RetailerPolicy, p => p
                .RequireAuthenticatedUser()
                .RequireClaim(RenkeiClaims.RetailerCode))
            .AddPolicy(RenkeiClaims.OperatorPolicy, p => p
                .RequireAuthenticatedUser()
                .RequireClaim(RenkeiClaims.Role, RenkeiClaims.OperatorRole));
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, OpenIddictOnDemand>();
        builder.Services.AddRateLimiter(o => RateLimits.Configure(o, limits));

        builder.Services.AddSingleton(audit);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(limits);
        builder.Services.AddSingleton<Observability.GatewayMetrics>();
        builder.Services.AddSingleton(sp => new Lockout(limits, clock) { Metrics = sp.GetRequiredService<Observability.GatewayMetrics>() });
        builder.Services.AddSingleton(sp =>
        {
            var metrics = sp.GetRequiredService<Observability.GatewayMetrics>();
            return new ProxyLoadShedding(limits) { InFlightChanged = metrics.ProxiedInFlight, Shed = metrics.Shed };
        });
        builder.Services.AddSingleton(new RevokedTokens(clock));
        builder.Services.AddSingleton<RevocationFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RevocationFeed>());
        builder.Services.AddSingleton(new ValidatedTokens(clock));
        builder.Services.AddSingleton(new TokenSigningKey(signingKey));
        builder.Services.AddSingleton(signer);
        builder.Services.AddSingleton(new Staff.StaffDirectory(store));

        // The log-in form's CSRF protection; its keys beside the gateway's other keys: in the data folder, or in the
        // shared store, so a form one instance served is accepted when its post reaches another.
        var protection = builder.Services.AddDataProtection().SetApplicationName("renkei-gateway");
        if (store.IsShared)
        {
            protection.PersistKeysToDbContext<GatewayDbContext>();
        }
        else
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys")));
        }
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "renkei-gateway-csrf";
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;
            o.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
            o.Cookie.Path = Staff.StaffLogInPage.Path;
        });

        builder.Services.AddSingleton<ContractReadModel>();
        builder.Services.AddHttpClient(nameof(ContractFeedFollower), c => c.BaseAddress = options.SwitchingUrl)
            .AddHttpMessageHandler(() => new InternalCallerHandler(signer, SwitchingCluster));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ContractFeedFollower>());
        builder.Services.AddSingleton(sp => new ContractFeedFollower(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ContractFeedFollower)),
            sp.GetRequiredService<ContractReadModel>(),
            sp.GetRequiredService<ILogger<ContractFeedFollower>>()));

        AddWebhooks(builder.Services, options, signer);

        builder.Services.AddReverseProxy()
            .LoadFromMemory(Routes(), Clusters(options))
            .AddTransforms(b =>
            {
                // No X-Forwarded-* headers into the internal zone: no internal node reads them (the gateway's audit
                // log holds the source address), and YARP built their strings and header entries on every request.
                b.UseDefaultForwarders = false;
                InternalPathTransform.Apply(b);
                InternalForwarding.Apply(b, signer);
                SwitchingRoutes.Apply(b);
            });

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() => audit.DisposeAsync().AsTask().GetAwaiter().GetResult());
        app.Lifetime.ApplicationStopped.Register(() => tlsRefusals.DisposeAsync().AsTask().GetAwaiter().GetResult());

        // Requests Kestrel refuses before any middleware runs (oversized or slow headers, bad request lines) are
        // audited from its diagnostic event; registered after the log, so it is unsubscribed before the log closes.
        var refusals = KestrelRefusals.Subscribe(app.Services.GetRequiredService<System.Diagnostics.DiagnosticListener>(), audit, clock);
        app.Lifetime.ApplicationStopped.Register(refusals.Dispose);
        await InitialiseAsync(app, options, cancellationToken).ConfigureAwait(false);

        var lockout = app.Services.GetRequiredService<Lockout>();
        var revoked = app.Services.GetRequiredService<RevokedTokens>();
        var validated = app.Services.GetRequiredService<ValidatedTokens>();
        // Every step below is registered with Use's RequestDelegate overload: the Func<Task> one makes a closure per
        // request and step to call the next one.
        app.Use((context, next) => AuditMiddleware.InvokeAsync(context, next, audit, clock));

        // A token store the disk refuses: 503 with Retry-After (audited as such) instead of an unhandled 500.
        app.Use(TokenStoreUnavailable.InvokeAsync);
        app.Use(SecurityHeaders.InvokeAsync);
        app.Use(RequestFilter.InvokeAsync);

        // Before authentication: OpenIddict answers a failed token request inside the authentication step.
        app.Use((context, next) => LockoutMiddleware.InvokeAsync(context, next, lockout));
        var limiter = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>>().Value.GlobalLimiter!;
        app.Use((context, next) => TokenRequestLimits.InvokeAsync(context, next, limiter, limits));

        // ValidatedTokens takes UseAuthentication's place (validated tokens remembered until they expire). The
        // property tells WebApplication that authentication is in the pipeline, so it does not add
        // UseAuthentication again at the very start, ahead of the audit and lockout steps.
        // ASP.NET Core has no public switch for that automatic step (dotnet/aspnetcore#42596 was closed without
        // one); the key is AuthAppBuilderExtensions.AuthenticationMiddlewareSetKey, which UseAuthentication itself sets.
        app.Use(validated.InvokeAsync);
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.Use((context, next) => TokenStatusMiddleware.InvokeAsync(context, next, revoked));
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapTokenEndpoint();
        app.MapStaffLogInPage(limits);
        app.MapRevocationEndpoint();
        app.MapAuditSummary();
        Observability.GatewayAlertsEndpoint.MapGatewayAlerts(app);
        app.MapWebhookEndpoints();
        app.MapGatewayReference();

        // The supply point access decision is the default: a route is exempt only by being a switching route
        // (whose visibility rules the switching node applies to X-Renkei-Retailer) or a retailer data route (whose
        // points the metering node selects from X-Renkei-Retailer and its own copy of the contracts).
        app.MapReverseProxy(proxy =>
        {
            // Load shedding first: a request beyond the bound of requests in flight and waiting costs nothing more.
            var shedding = app.Services.GetRequiredService<ProxyLoadShedding>();
            proxy.Use(shedding.InvokeAsync);
            // Bulk uploads and usage-information applications with attachments may be larger than any other body,
            // but only for an authorised caller on those routes: the limit is raised here, after authorisation and
            // before the body is read.
            proxy.Use((context, next) =>
            {
                if (Microsoft.AspNetCore.Http.HttpMethods.IsPost(context.Request.Method)
                    && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                {
                    if (context.Request.Path.StartsWithSegments("/api/v1/switching/bulk", StringComparison.Ordinal))
                    {
                        size.MaxRequestBodySize = limits.MaxBulkRequestBodyBytes;
                    }
                    else if (context.Request.Path.Equals("/api/v1/switching/applications/usage-information", StringComparison.Ordinal))
                    {
                        size.MaxRequestBodySize = limits.MaxAttachmentRequestBodyBytes;
                    }
                }

                return next(context);
            });
            proxy.Use(ProxiedBodyLimit.InvokeAsync);
            proxy.Use((context, next) =>
                SwitchingRoutes.Owns(context) ? SwitchingRoutes.InvokeAsync(context, next)
                : OperatorRoutes.Owns(context) ? next(context)
                : RetailerDataRoutes.Owns(context) ? RetailerDataRoutes.InvokeAsync(context, next)
                : AccessDecision.InvokeAsync(context, next));
        });
        return app;
    }

    /// <summary>
    /// Webhooks: the registrations live in gateway.db; the dispatcher follows the metering node's change feed with the
    /// gateway's caller proof (the internal zone never calls out) and makes the outbound calls from here, the DMZ.
    /// </summary>
    private static void AddWebhooks(IServiceCollection services, GatewayHostOptions options, InternalCallerSigner signer)
    {
        var webhooks = options.Webhooks;
        services.AddSingleton(webhooks);
        services.AddHttpClient(nameof(WebhookDispatcher), c => c.BaseAddress = options.MeteringUrl)
            .AddHttpMessageHandler(() => new InternalCallerHandler(signer, MeteringCluster));
        services.AddSingleton(sp => new WebhookDispatcher(
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WebhookDispatcher)),
            new HttpClient(WebhookTarget.CreateHandler(webhooks)) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<ContractReadModel>(),
            webhooks,
            options.Clock,
            sp.GetRequiredService<ILogger<WebhookDispatcher>>(),
            options.Postgres is { } shared ? new Renkei.Hosting.Cluster.AdvisoryLockTurn(shared, WebhookDispatcher.TurnName) : null));
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
    }

    /// <summary>
    /// Registers (or updates) the screens client on a built gateway: for a composition that learns the screens'
    /// redirect URI only once they listen (the demo picks free ports).
    /// </summary>
    public static async Task RegisterScreensAsync(WebApplication gateway, ScreensClient screens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        await using var scope = gateway.Services.CreateAsyncScope();
        await ClientRegistration.RegisterScreensAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), screens, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The token keys of a shared store, with its schema created first (under the start lock).</summary>
    private static async Task<(Microsoft.IdentityModel.Tokens.SecurityKey, Microsoft.IdentityModel.Tokens.SecurityKey)> ShareKeysAsync(GatewayStore store, string directory, CancellationToken cancellationToken)
    {
        (Microsoft.IdentityModel.Tokens.SecurityKey, Microsoft.IdentityModel.Tokens.SecurityKey) keys = default;
        await store.ExclusiveAsync(
            async () =>
            {
                await using var db = store.CreateContext();
                await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                await WebhookSchema.EnsureAsync(db, cancellationToken).ConfigureAwait(false);
                keys = await TokenKeys.LoadOrShareAsync(db, directory, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return keys;
    }

    private static Task InitialiseAsync(WebApplication app, GatewayHostOptions options, CancellationToken cancellationToken) =>
        app.Services.GetRequiredService<GatewayStore>().ExclusiveAsync(() => InitialiseStoreAsync(app, options, cancellationToken), cancellationToken);

    private static async Task InitialiseStoreAsync(WebApplication app, GatewayHostOptions options, CancellationToken cancellationToken)
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            await WebhookSchema.EnsureAsync(db, cancellationToken).ConfigureAwait(false);
            await ClientRegistration.RegisterAsync(applications, options.Clients, cancellationToken).ConfigureAwait(false);
            if (options.Screens is { } screens)
            {
                await ClientRegistration.RegisterScreensAsync(applications, screens, cancellationToken).ConfigureAwait(false);
            }

            if (options.CommandLineClient)
            {
                await ClientRegistration.RegisterCommandLineAsync(applications, cancellationToken).ConfigureAwait(false);
            }

            var staff = app.Services.GetRequiredService<Staff.StaffDirectory>();
            await staff.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await staff.RegisterAsync(options.Staff, cancellationToken).ConfigureAwait(false);

            // Revoked tokens that have not expired yet stay refused across restarts.
            await app.Services.GetRequiredService<RevokedTokens>().LoadAsync(db, cancellationToken).ConfigureAwait(false);
        }

        // The read model must be current before the first request is decided.
        await app.Services.GetRequiredService<ContractFeedFollower>().SyncAsync(cancellationToken).ConfigureAwait(false);
        await app.Services.GetRequiredService<WebhookDispatcher>().InitialiseAsync(cancellationToken).ConfigureAwait(false);
    }

    private static RouteConfig[] Routes() =>
    [
        .. SwitchingRoutes.Routes(SwitchingCluster),
        .. OperatorRoutes.Routes(MeteringCluster, SwitchingCluster),
        .. RetailerDataRoutes.Routes(MeteringCluster),
        new RouteConfig
        {
            RouteId = "supply-point-intervals",
            ClusterId = MeteringCluster,
            AuthorizationPolicy = RenkeiClaims.RetailerPolicy,
            Match = new RouteMatch { Path = "/api/v1/supply-points/{id}/intervals", Methods = ["GET"] },

            // The internal path, bound by hand (InternalPathTransform) rather than by YARP's PathPattern.
            Metadata = new Dictionary<string, string> { [InternalPathTransform.MetadataKey] = "/internal/v1/supply-points/{id}/intervals" },
        },
        new RouteConfig
        {
            // One value's lineage: the same access decision as the point's intervals, the date taken from the path.
            RouteId = "supply-point-explain",
            ClusterId = MeteringCluster,
            AuthorizationPolicy = RenkeiClaims.RetailerPolicy,
            Match = new RouteMatch { Path = "/api/v1/supply-points/{id}/intervals/{date}/{slot}/explain", Methods = ["GET"] },
            Metadata = new Dictionary<string, string> { [InternalPathTransform.MetadataKey] = "/internal/v1/supply-points/{id}/intervals/{date}/{slot}/explain" },
        },
    ];

    private static ClusterConfig[] Clusters(GatewayHostOptions options) =>
    [
        new ClusterConfig
        {
            ClusterId = MeteringCluster,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["metering"] = new DestinationConfig { Address = (options.MeteringHttp2Url ?? options.MeteringUrl).ToString() },
            },

            // Over the node's HTTP/2 port when there is one: h2c by prior knowledge, exactly HTTP/2, never a downgrade;
            // a new connection when one has as many streams as the node allows (Kestrel's default 100), so 64+
            // requests in flight do not queue.
            HttpRequest = options.MeteringHttp2Url is null ? null : new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
            {
                Version = System.Net.HttpVersion.Version20,
                VersionPolicy = System.Net.Http.HttpVersionPolicy.RequestVersionExact,
            },
            HttpClient = options.MeteringHttp2Url is null ? null : new HttpClientConfig { EnableMultipleHttp2Connections = true },
        },
        new ClusterConfig
        {
            ClusterId = SwitchingCluster,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["switching"] = new DestinationConfig { Address = options.SwitchingUrl.ToString() },
            },
        },
    ];
}
