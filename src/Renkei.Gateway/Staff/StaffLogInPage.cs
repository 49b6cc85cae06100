using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Callers;
using Renkei.Gateway.Ips;
using Renkei.Hosting.Http;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Renkei.Gateway.Staff;

/// <summary>
/// <c>GET|POST /connect/authorize</c>: the staff log-in page of the authorization code flow with PKCE (RFC 6749 4.1,
/// RFC 7636). OpenIddict has already validated the request before this runs (passthrough): the client is the
/// screens, the <c>redirect_uri</c> is exactly the one registered for it, <c>response_type=code</c>, and a
/// <c>code_challenge</c> with method <c>S256</c> is present. A GET shows the form; the form posts back to the same
/// endpoint with the authorization request's parameters as hidden fields, an antiforgery token, the user name and
/// the password. The password reaches only the gateway, never the screens.
/// <para>
/// On the post, in order: the antiforgery token (400), the log-in rate limit per source address (429), the lockout
/// of the account and of the browser's address (429, <see cref="Lockout"/>), the password (401, counted towards both
/// lockouts), the account's client certificate if it has one (the browser presents it to this TLS listener; 401,
/// counted too). Each outcome is one audit line as <c>staff:&lt;user&gt;</c>. A success redirects to the screens with
/// a one-time code that only the holder of the PKCE verifier and the screens' secret can exchange.
/// </para>
/// </summary>
internal static class StaffLogInPage
{
    public const string Path = "/connect/authorize";

    private static readonly HashSet<string> NotCarried = new(StringComparer.Ordinal) { "username", "password", "__RequestVerificationToken" };

    public static IEndpointRouteBuilder MapStaffLogInPage(this IEndpointRouteBuilder app, GatewayLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var perAddress = PartitionedRateLimiter.Create<HttpContext, string>(c => RateLimitPartition.GetFixedWindowLimiter(
            c.Connection.RemoteIpAddress?.ToString() ?? "-",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.StaffLogInsPerAddressPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], (HttpContext context, IAntiforgery antiforgery, StaffDirectory staff, Lockout lockout) =>
            HandleAsync(context, antiforgery, staff, lockout, perAddress)).DisableRateLimiting();
        return app;
    }

    private static async Task HandleAsync(HttpContext context, IAntiforgery antiforgery, StaffDirectory staff, Lockout lockout, PartitionedRateLimiter<HttpContext> perAddress)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request cannot be retrieved.");
        var facts = AuditFacts.Of(context);
        var english = IsEnglish(request, context.Request);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            facts.ClientId = request.ClientId;
            await WriteFormAsync(context, antiforgery, request, english, null, StatusCodes.Status200OK).ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var userName = form["username"].ToString().Trim();
        var validName = StaffAccount.IsValidUserName(userName);
        facts.ClientId = RenkeiClaims.StaffSubjectPrefix + (validName ? userName : "?");
        try
        {
            await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            facts.Reason = "log-in form without a valid antiforgery token";
            await WriteFormAsync(context, antiforgery, request, english, Text(english, "expired"), StatusCodes.Status400BadRequest).ConfigureAwait(false);
            return;
        }

        using (var lease = perAddress.AttemptAcquire(context))
        {
            if (!lease.IsAcquired)
            {
                facts.Reason = "rate limited";
                context.Response.Headers.RetryAfter = "60";
                await WriteFormAsync(context, antiforgery, request, english, Text(english, "locked"), StatusCodes.Status429TooManyRequests).ConfigureAwait(false);
                return;
            }
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "-";
        var account = validName ? userName : "?";
        if (lockout.StaffLockedFor(account, address) is { } wait)
        {
            facts.Reason = "locked out after repeated failed authentications";
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await WriteFormAsync(context, antiforgery, request, english, Text(english, "locked"), StatusCodes.Status429TooManyRequests).ConfigureAwait(false);
            return;
        }

        var member = await staff.VerifyAsync(userName, form["password"].ToString(), context.RequestAborted).ConfigureAwait(false);
        if (member is null)
        {
            lockout.StaffFailed(account, address);
            facts.Reason = "invalid staff user name or password";
            await WriteFormAsync(context, antiforgery, request, english, Text(english, "failed"), StatusCodes.Status401Unauthorized).ConfigureAwait(false);
            return;
        }

        if (member.CertificateThumbprint is { } required
            && !(context.Connection.ClientCertificate is { } presented && string.Equals(Callers.ClientCertificates.Thumbprint(presented), required, StringComparison.Ordinal)))
        {
            lockout.StaffFailed(account, address);
            facts.Reason = "staff client certificate required";
            await WriteFormAsync(context, antiforgery, request, english, Text(english, "certificate"), StatusCodes.Status401Unauthorized).ConfigureAwait(false);
            return;
        }

        lockout.StaffSucceeded(account);
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, RenkeiClaims.StaffSubjectPrefix + member.UserName);
        identity.SetClaim(Claims.Name, member.DisplayName);
        if (member.IsOperator)
        {
            identity.SetClaim(RenkeiClaims.Role, RenkeiClaims.OperatorRole);
        }
        else
        {
            identity.SetClaim(RenkeiClaims.RetailerCode, member.RetailerCode);
        }

        identity.SetScopes(request.GetScopes());

        // Everything goes into the access token (the gateway's decisions read it); the subject and name also into the
        // identity token the screens read (with the nonce OpenIddict copies from the request).
        identity.SetDestinations(static claim => claim.Type is Claims.Subject or Claims.Name
            ? [Destinations.AccessToken, Destinations.IdentityToken]
            : [Destinations.AccessToken]);
        await context.SignInAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
    }

    private static async Task WriteFormAsync(HttpContext context, IAntiforgery antiforgery, OpenIddictRequest request, bool english, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = new StringBuilder(2048);
        html.Append("<!DOCTYPE html><html lang=\"").Append(english ? "en" : "ja").Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(Text(english, "title")).Append("</title><style>body{font-family:sans-serif;max-width:24rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.3rem 0}.alert{color:#a00}</style></head><body><h1>")
            .Append(Text(english, "title")).Append("</h1>")
            .Append("<p><a id=\"login-language\" lang=\"").Append(english ? "ja" : "en").Append("\" href=\"")
            .Append(WebUtility.HtmlEncode(OtherLanguage(request, english))).Append("\">").Append(Text(english, "other-language")).Append("</a></p>");
        if (error is not null)
        {
            html.Append("<p class=\"alert\" role=\"alert\" id=\"login-error\">").Append(WebUtility.HtmlEncode(error)).Append("</p>");
        }

        html.Append("<form method=\"post\" action=\"").Append(Path).Append("\">");
        foreach (var (name, value) in request.GetParameters())
        {
            if (NotCarried.Contains(name))
            {
                continue;
            }

            html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(name)).Append("\" value=\"")
                .Append(WebUtility.HtmlEncode(value.ToString())).Append("\">");
        }

        html.Append("<input type=\"hidden\" name=\"").Append(WebUtility.HtmlEncode(tokens.FormFieldName)).Append("\" value=\"")
            .Append(WebUtility.HtmlEncode(tokens.RequestToken)).Append("\">")
            .Append("<label for=\"username\">").Append(Text(english, "user")).Append("</label>")
            .Append("<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>")
            .Append("<label for=\"password\">").Append(Text(english, "password")).Append("</label>")
            .Append("<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required>")
            .Append("<button type=\"submit\" id=\"login-submit\">").Append(Text(english, "submit")).Append("</button></form></body></html>");

        // The form posts here; the answer to the post redirects to the screens' registered redirect URI (already
        // validated by OpenIddict), which browsers check against form-action too. Inline style only, no script.
        var redirect = Uri.TryCreate(request.RedirectUri, UriKind.Absolute, out var uri) ? " " + uri.GetLeftPart(UriPartial.Authority) : string.Empty;
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'{redirect}; frame-ancestors 'none'; base-uri 'none'";
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html.ToString(), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// English when the request's <c>ui_locales</c> (OIDC) asks for it first, else when the browser's
    /// <c>Accept-Language</c> prefers English to Japanese; Japanese otherwise.
    /// </summary>
    internal static bool IsEnglish(OpenIddictRequest request, HttpRequest http)
    {
        foreach (var locale in (request.GetParameter(Parameters.UiLocales)?.ToString() ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ScreenLanguage.Of(locale) is { } chosen)
            {
                return chosen == "en";
            }
        }

        return ScreenLanguage.Preferred(http) == "en";
    }

    /// <summary>The same authorization request in the other language (a plain link: the form's fields are not sent).</summary>
    private static string OtherLanguage(OpenIddictRequest request, bool english)
    {
        var query = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in request.GetParameters())
        {
            if (!NotCarried.Contains(name) && name != Parameters.UiLocales)
            {
                query[name] = value.ToString();
            }
        }

        query[Parameters.UiLocales] = english ? "ja" : "en";
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Path, query);
    }

    private static string Text(bool english, string key) => (key, english) switch
    {
        ("other-language", false) => "English",
        ("other-language", true) => "日本語",
        ("title", false) => "Renkei ログイン",
        ("title", true) => "Renkei log-in",
        ("user", false) => "ユーザー名",
        ("user", true) => "User name",
        ("password", false) => "パスワード",
        ("password", true) => "Password",
        ("submit", false) => "ログイン",
        ("submit", true) => "Log in",
        ("failed", false) => "ユーザー名またはパスワードが正しくありません。",
        ("failed", true) => "The user name or password is not correct.",
        ("locked", false) => "ログインの失敗が続いたため、しばらくログインできません。",
        ("locked", true) => "Too many failed log-ins; try again later.",
        ("certificate", false) => "このアカウントは登録されたクライアント証明書でのみログインできます。",
        ("certificate", true) => "This account can log in only with its registered client certificate.",
        ("expired", false) => "フォームの有効期限が切れました。もう一度入力してください。",
        ("expired", true) => "The form expired; please enter your details again.",
        _ => key,
    };
}
