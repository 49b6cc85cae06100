using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Callers;
using Renkei.Gateway.Staff;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Tests.Staff;

/// <summary>
/// Staff log-in with the authorization code flow and PKCE (S256) at the gateway's own log-in page, over real TLS on
/// loopback: only the screens' exact redirect URI, only with the verifier of the challenge, each code once, no
/// password grant; a wrong password counts towards the lockout and every attempt is audited.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class AuthorizationCodeTests(InternalZone zone) : IAsyncLifetime
{
    private const string Password = "staff password one";

    private static readonly StaffAccount[] Staff =
    [
        new("alice", Password, "Alice", Market.R1),
        new("olga", Password, "Olga (operator)", null, IsOperator: true),
        new("certa", Password, "Certa", Market.R1, CertificateThumbprint: ClientCertificates.Thumbprint(TestCertificates.A)),
    ];

    private TestGateway gateway = null!;

    public async Task InitializeAsync() => gateway = await TestGateway.StartAsync(zone, staff: Staff);

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task LogIn_RightPassword_RedirectsWithACodeThatYieldsTheStaffTokenAndANonceBoundIdToken()
    {
        var flow = new StaffCodeFlow();

        using var redirect = await flow.LogInAsync(gateway.Browser(), "alice", Password);
        using var exchange = await StaffCodeFlow.ExchangeAsync(gateway.Client(), flow.CodeOf(redirect), flow.Verifier);

        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        var body = await exchange.Content.ReadFromJsonAsync<JsonElement>();
        var access = Payload(body.GetProperty("access_token").GetString()!);
        var id = Payload(body.GetProperty("id_token").GetString()!);
        Assert.Equal(("staff:alice", Market.R1), (access.GetProperty("sub").GetString(), access.GetProperty("retailer_code").GetString()));
        Assert.Equal((flow.Nonce, TestGateway.ScreensId), (id.GetProperty("nonce").GetString(), id.GetProperty("aud").GetString()));
        var logIn = (await gateway.AuditOfAsync("/connect/authorize")).Single(e => e.ClientId == "staff:alice" && e.Method == "POST");
        Assert.Equal((302, AuditEntry.Allowed), (logIn.Status, logIn.Outcome));
        var token = (await gateway.AuditOfAsync("/connect/token")).Last();
        Assert.Equal(("staff:alice", 200), (token.ClientId, token.Status));
    }

    [Fact]
    public async Task OperatorToken_OnASupplyPointDataRoute_Is403WithTheBearerErrorAndAudited()
    {
        var flow = new StaffCodeFlow();
        using var redirect = await flow.LogInAsync(gateway.Browser(), "olga", Password);
        using var exchange = await StaffCodeFlow.ExchangeAsync(gateway.Client(), flow.CodeOf(redirect), flow.Verifier);
        var token = (await exchange.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;

        using var response = await TestGateway.GetIntervalsAsync(gateway.Client(), token, Market.R1Only, "2026-11-05");

        // The retailer policy refuses it before the access decision: OpenIddict's bearer answer (RFC 6750) says why.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"insufficient_access\"", challenge.Parameter, StringComparison.Ordinal);
        var entry = (await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals")).Single(e => e.ClientId == "staff:olga");
        Assert.Equal((403, AuditEntry.Denied), (entry.Status, entry.Outcome));
    }

    [Fact]
    public async Task Authorize_WrongRedirectUri_IsRefusedWithoutRedirectingAndAudited()
    {
        var flow = new StaffCodeFlow();
        var url = flow.AuthorizeUrl(new Uri("https://screens.renkei.test.evil.example/signin-callback"));

        using var answer = await gateway.Browser().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        Assert.DoesNotContain("password", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var entry = Assert.Single(await gateway.AuditOfAsync("evil.example"));
        Assert.Equal((400, AuditEntry.Denied), (entry.Status, entry.Outcome));
    }

    [Fact]
    public async Task Authorize_PlainChallengeMethod_IsRefused()
    {
        var flow = new StaffCodeFlow();

        using var answer = await gateway.Browser().GetAsync(new Uri(flow.AuthorizeUrl(method: "plain"), UriKind.Relative));

        // OpenIddict answers the error itself (400, no redirect, no log-in form): only S256 is enabled.
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        Assert.DoesNotContain("login-submit", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeExchange_WithoutOrWithAWrongVerifier_IsRefused()
    {
        var missing = new StaffCodeFlow();
        var wrong = new StaffCodeFlow();
        using var first = await missing.LogInAsync(gateway.Browser(), "alice", Password);
        using var second = await wrong.LogInAsync(gateway.Browser(), "alice", Password);

        using var withoutVerifier = await StaffCodeFlow.ExchangeAsync(gateway.Client(), missing.CodeOf(first), verifier: null);
        using var withAnother = await StaffCodeFlow.ExchangeAsync(gateway.Client(), wrong.CodeOf(second), new StaffCodeFlow().Verifier);

        Assert.Equal(HttpStatusCode.BadRequest, withoutVerifier.StatusCode);
        Assert.Equal("invalid_request", await ErrorOf(withoutVerifier));
        Assert.Equal(HttpStatusCode.BadRequest, withAnother.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(withAnother));
        var exchanges = (await gateway.AuditOfAsync("/connect/token")).TakeLast(2).ToList();
        Assert.All(exchanges, e => Assert.Equal((TestGateway.ScreensId, 400, AuditEntry.Denied), (e.ClientId, e.Status, e.Outcome)));
    }

    [Fact]
    public async Task CodeExchange_CodeUsedTwice_SecondIsRefused()
    {
        var flow = new StaffCodeFlow();
        using var redirect = await flow.LogInAsync(gateway.Browser(), "alice", Password);
        var code = flow.CodeOf(redirect);

        using var once = await StaffCodeFlow.ExchangeAsync(gateway.Client(), code, flow.Verifier);
        using var twice = await StaffCodeFlow.ExchangeAsync(gateway.Client(), code, flow.Verifier);

        Assert.Equal(HttpStatusCode.OK, once.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(twice));
        var replay = (await gateway.AuditOfAsync("/connect/token")).Last();
        Assert.Equal((400, AuditEntry.Denied), (replay.Status, replay.Outcome));
    }

    [Fact]
    public async Task CodeExchange_WithAnotherRedirectUriOrWithoutTheScreensSecret_IsRefused()
    {
        var flow = new StaffCodeFlow();
        using var redirect = await flow.LogInAsync(gateway.Browser(), "alice", Password);
        var code = flow.CodeOf(redirect);

        using var otherRedirect = await StaffCodeFlow.ExchangeAsync(gateway.Client(), code, flow.Verifier, redirectUri: new Uri("https://screens.renkei.test/other"));
        var again = new StaffCodeFlow();
        using var second = await again.LogInAsync(gateway.Browser(), "alice", Password);
        using var wrongSecret = await StaffCodeFlow.ExchangeAsync(gateway.Client(), again.CodeOf(second), again.Verifier, secret: "not-the-screens-secret");

        Assert.Equal(HttpStatusCode.BadRequest, otherRedirect.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(otherRedirect));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal("invalid_client", await ErrorOf(wrongSecret));
    }

    [Fact]
    public async Task LogIn_WrongPassword_Is401OnTheFormCountedTowardsLockoutAndAudited()
    {
        // A gateway of its own: three failures lock an account here.
        await using var strict = await TestGateway.StartAsync(zone, limits: new Renkei.Gateway.Ips.GatewayLimits { FailuresBeforeLockout = 3 }, staff: Staff);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await new StaffCodeFlow().LogInAsync(strict.Browser(), "alice", "wrong-" + i);
            statuses.Add(wrong.StatusCode);
            Assert.Contains("id=\"login-error\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Null(wrong.Headers.Location);
        }

        using var right = await new StaffCodeFlow().LogInAsync(strict.Browser(), "alice", Password);
        using var operatorRight = await new StaffCodeFlow().LogInAsync(strict.Browser(), "olga", Password);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), right.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Redirect, operatorRight.StatusCode);
        var alice = (await strict.AuditOfAsync("/connect/authorize")).Where(e => e.ClientId == "staff:alice" && e.Method == "POST").ToList();
        Assert.Equal([401, 401, 401, 429], alice.Select(e => e.Status));
        Assert.All(alice.Take(3), e => Assert.Equal(("invalid staff user name or password", "127.0.0.1"), (e.Reason, e.SourceAddress)));
        Assert.Equal("locked out after repeated failed authentications", alice[3].Reason);
    }

    [Fact]
    public async Task LogIn_FormWithoutItsAntiforgeryToken_Is400AndNoPasswordIsChecked()
    {
        var flow = new StaffCodeFlow();
        var browser = gateway.Browser();
        using var page = await browser.GetAsync(new Uri(flow.AuthorizeUrl(), UriKind.Relative));
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(gateway.Url, flow.AuthorizeUrl()).Query);
        var forged = query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString()))
            .Append(new("username", "alice")).Append(new("password", Password));

        using var answer = await browser.PostAsync(new Uri("connect/authorize", UriKind.Relative), new FormUrlEncodedContent(forged));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        var entry = (await gateway.AuditOfAsync("/connect/authorize")).Last();
        Assert.Equal(("staff:alice", 400, "log-in form without a valid antiforgery token"), (entry.ClientId, entry.Status, entry.Reason));
    }

    [Fact]
    public async Task LogIn_CertifiedAccount_OnlyWithItsCertificateAtTheGatewaysTlsListener()
    {
        using var without = await new StaffCodeFlow().LogInAsync(gateway.Browser(), "certa", Password);
        using var another = await new StaffCodeFlow().LogInAsync(gateway.Browser(TestCertificates.B), "certa", Password);
        using var with = await new StaffCodeFlow().LogInAsync(gateway.Browser(TestCertificates.A), "certa", Password);

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, another.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, with.StatusCode);
        var entries = (await gateway.AuditOfAsync("/connect/authorize")).Where(e => e.ClientId == "staff:certa" && e.Method == "POST").ToList();
        Assert.Equal([401, 401, 302], entries.Select(e => e.Status));
        Assert.All(entries.Take(2), e => Assert.Equal("staff client certificate required", e.Reason));
    }

    [Fact]
    public async Task LogInPage_CarriesSecurityHeadersAndAFormActionLimitedToTheScreens()
    {
        using var page = await gateway.Browser().GetAsync(new Uri(new StaffCodeFlow().AuthorizeUrl(), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https://screens.renkei.test; frame-ancestors 'none'; base-uri 'none'",
            page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.NotNull(page.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.True(page.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task PasswordGrant_IsNoLongerSupported()
    {
        using var answer = await gateway.Client().PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = TestGateway.ScreensId,
            ["client_secret"] = TestGateway.ScreensSecret,
            ["username"] = "alice",
            ["password"] = Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("unsupported_grant_type", await ErrorOf(answer));
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage answer) =>
        (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();

    private static JsonElement Payload(string jwt)
    {
        var p = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        p = p.PadRight(p.Length + ((4 - (p.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(p))).RootElement.Clone();
    }
}
