using System.Net.Security;
using System.Security.Authentication;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Client;
using Renkei.Hosting.Observability;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web;

/// <summary>
/// Builds the screens application: Razor Pages over HTTPS, a staff session cookie holding the gateway's access
/// token, and one HTTP client to the gateway (its certificate pinned). It has no other path to data.
/// </summary>
public static class WebHost
{
    public const string LoginLimit = "login";

    private const string GatewayClient = "gateway";

    public static WebApplication Build(WebHostOptions options, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,

            // appsettings files are read, not watched (a watcher pins a read buffer; see Renkei.Hosting.NodeHostArguments).
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        logging?.Invoke(builder.Logging);
        builder.AddNodeObservability("web", options.DataDirectory, options.Observability);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
            k.Listen(options.ListenAddress, options.Port, listen => listen.UseHttps(h =>
            {
                h.ServerCertificate = options.Certificate;
                h.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;

                // No client certificates here: a staff account registered with one presents it to the gateway's log-in
                // page, on the gateway's own TLS listener.
            }));
        });

        builder.Services.AddDataProtection()
            .SetApplicationName("renkei-web")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys")));
        builder.Services.AddSingleton(options);

        // Japanese is written as text, not as numeric character references.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Ui>();
        builder.Services.AddScoped<StaffLogIn>();
        var pinned = options.GatewayCertificate.GetCertHashString();
        builder.Services.AddHttpClient(GatewayClient, c =>
            {
                c.BaseAddress = options.GatewayUrl;
                c.Timeout = TimeSpan.FromSeconds(60);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    // The gateway is trusted by its exact certificate, nothing else.
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                        certificate is not null && string.Equals(certificate.GetCertHashString(), pinned, StringComparison.Ordinal),
                },
            });
        builder.Services.AddTransient(sp => new GatewayApi(sp.GetRequiredService<IHttpClientFactory>().CreateClient(GatewayClient), options));

        // The data: the gateway's public API through its client, with the logged-in staff member's token.
        builder.Services.AddScoped(sp =>
        {
            var accessor = sp.GetRequiredService<IHttpContextAccessor>();
            return new RenkeiClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(GatewayClient),
                _ => ValueTask.FromResult((accessor.HttpContext?.User ?? throw new SessionExpiredException("no request")).AccessToken()),
                TimeSpan.FromSeconds(60));
        });

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "renkei-session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.LoginPath = "/Login";
                o.LogoutPath = "/Logout";
                o.SlidingExpiration = false;
                o.Events.OnRedirectToAccessDenied = c =>
                {
                    c.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffSession.RetailerPolicy, p => p.RequireAuthenticatedUser().RequireClaim(StaffSession.RetailerClaim))
            .AddPolicy(StaffSession.OperatorPolicy, p => p.RequireAuthenticatedUser().RequireClaim(StaffSession.RoleClaim, StaffSession.OperatorRole));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // One callback per log-in: the step that calls the gateway (the code exchange). The password form itself is
            // the gateway's, rate-limited there.
            o.AddPolicy(LoginLimit, c => c.Request.Path.Equals(StaffLogIn.CallbackPath, StringComparison.OrdinalIgnoreCase)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    c.Connection.RemoteIpAddress?.ToString() ?? "-",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginsPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("-"));
        });
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToPage("/SignInCallback");
            o.Conventions.AllowAnonymousToPage("/Status");
            o.Conventions.AuthorizeFolder("/SupplyPoints", StaffSession.RetailerPolicy);
            o.Conventions.AuthorizeFolder("/Applications", StaffSession.RetailerPolicy);
            o.Conventions.AuthorizeFolder("/Relays", StaffSession.RetailerPolicy);
            o.Conventions.AuthorizeFolder("/Bulk", StaffSession.RetailerPolicy);
            o.Conventions.AuthorizeFolder("/Usage", StaffSession.RetailerPolicy);
            o.Conventions.AuthorizeFolder("/Files", StaffSession.RetailerPolicy);
            o.Conventions.AuthorizeFolder("/Notifications", StaffSession.RetailerPolicy);
            o.Conventions.AuthorizeFolder("/Dashboard", StaffSession.OperatorPolicy);
            o.Conventions.AuthorizeFolder("/Operator", StaffSession.OperatorPolicy);
        }).AddApplicationPart(typeof(WebHost).Assembly);

        var app = builder.Build();
        app.Use(SecurityHeadersAsync);
        app.Use(SessionExpiredAsync);
        app.UseStatusCodePagesWithReExecute("/Status/{0}");
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/site.css", () => Results.Text(Styles.Css, "text/css; charset=utf-8"));
        app.MapGet("/lang/{code}", (HttpContext context, string code, string? back) =>
        {
            context.Response.Cookies.Append(Ui.Cookie, code == "en" ? "en" : "ja", new CookieOptions
            {
                HttpOnly = true,
                Secure = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
            });
            return Results.LocalRedirect(back is { Length: > 0 } b && b.StartsWith('/') && !b.StartsWith("//", StringComparison.Ordinal) && !b.StartsWith("/\\", StringComparison.Ordinal) ? b : "/");
        });
        app.MapRazorPages().RequireRateLimiting(LoginLimit);
        app.MapFallback(() => Results.NotFound());
        return app;
    }

    private static Task SecurityHeadersAsync(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers["Referrer-Policy"] = "no-referrer";

        // no-cache beside no-store: what antiforgery sets on forms, so it has nothing to override (and warn about).
        headers.CacheControl = "no-cache, no-store";
        return next();
    }

    /// <summary>The gateway refused the session's token (expired, revoked): sign out and ask for a log-in again.</summary>
    private static async Task SessionExpiredAsync(HttpContext context, Func<Task> next)
    {
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SessionExpiredException or RenkeiApiException { StatusCode: System.Net.HttpStatusCode.Unauthorized } && !context.Response.HasStarted)
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            context.Response.Redirect("/Login?expired=1");
        }
    }
}
