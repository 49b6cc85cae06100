using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Renkei.Gateway.Audit;
using Renkei.Hosting.Audit;
using Renkei.Web.Tests.Support;

namespace Renkei.Web.Tests.Screens;

/// <summary>
/// Staff log-in at the gateway (authorization code flow with PKCE, the screens client only) and the operator-only routes: a
/// retailer's token, system or staff, never reaches the dashboard's data; an operator's token never reaches a
/// retailer's data. Each answer is checked in the gateway's audit log.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class StaffAccessTests(DemoSystem system)
{
    public static readonly TheoryData<string> OperatorPaths = new()
    {
        "api/v1/operator/metering/status",
        "api/v1/operator/metering/slots/2026-11-27/timeline",
        "api/v1/operator/metering/activity",
        "api/v1/operator/switching/summary",
        "api/v1/operator/audit/summary",
    };

    [Theory]
    [MemberData(nameof(OperatorPaths))]
    public async Task OperatorRoute_OperatorToken_Answers200(string path)
    {
        using var gateway = system.Client(system.GatewayUrl);
        var token = await system.StaffTokenAsync(gateway, system.Credentials.Operator!.User, system.Credentials.Operator.Password);

        using var answer = await GetAsync(gateway, token, path);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Theory]
    [MemberData(nameof(OperatorPaths))]
    public async Task OperatorRoute_RetailerStaffToken_Is403AndAudited(string path)
    {
        using var gateway = system.Client(system.GatewayUrl);
        var a = system.Retailer(0);
        var token = await system.StaffTokenAsync(gateway, a.StaffUser!, a.StaffPassword!);

        using var answer = await GetAsync(gateway, token, path);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        var audited = await AuditOfAsync("/" + path);
        Assert.Contains(audited, e => e.ClientId == "staff:" + a.StaffUser && e.Retailer == a.Code && e.Status == 403 && e.Outcome == AuditEntry.Denied);
    }

    [Theory]
    [MemberData(nameof(OperatorPaths))]
    public async Task OperatorRoute_RetailerSystemToken_Is403(string path)
    {
        using var gateway = system.Client(system.GatewayUrl);
        var token = await system.SystemTokenAsync(gateway, system.Retailer(1));

        using var answer = await GetAsync(gateway, token, path);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }

    [Fact]
    public async Task OperatorRoute_NoToken_Is401()
    {
        using var gateway = system.Client(system.GatewayUrl);

        using var answer = await gateway.GetAsync("api/v1/operator/switching/summary");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    [Fact]
    public async Task RetailerRoutes_OperatorToken_Is403()
    {
        using var gateway = system.Client(system.GatewayUrl);
        var token = await system.StaffTokenAsync(gateway, system.Credentials.Operator!.User, system.Credentials.Operator.Password);
        var point = system.Retailer(0).SuppliesToday[0];

        using var intervals = await GetAsync(gateway, token, $"api/v1/supply-points/{point}/intervals?date={system.Credentials.Simulation.Yesterday}");
        using var applications = await GetAsync(gateway, token, "api/v1/switching/applications");

        Assert.Equal(HttpStatusCode.Forbidden, intervals.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, applications.StatusCode);
    }

    [Fact]
    public async Task StaffToken_ActsForItsRetailer_OwnPoint200OtherRetailersPoint404()
    {
        using var gateway = system.Client(system.GatewayUrl);
        var a = system.Retailer(0);
        var token = await system.StaffTokenAsync(gateway, a.StaffUser!, a.StaffPassword!);
        var day = system.Credentials.Simulation.Yesterday;

        using var own = await GetAsync(gateway, token, $"api/v1/supply-points/{a.SuppliesToday[0]}/intervals?date={day}");
        using var other = await GetAsync(gateway, token, $"api/v1/supply-points/{a.DoesNotSupply}/intervals?date={day}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var audited = await AuditOfAsync($"/api/v1/supply-points/{a.DoesNotSupply}/intervals?date={day}");
        Assert.Contains(audited, e => e.ClientId == "staff:" + a.StaffUser && e.Status == 404);
    }

    [Fact]
    public async Task PasswordGrant_ByARetailerSystemOrTheScreens_IsNotSupported()
    {
        using var gateway = system.Client(system.GatewayUrl);
        var a = system.Retailer(0);

        using var bySystem = await system.TokenAsync(
            gateway,
            ("grant_type", "password"),
            ("client_id", a.ClientId),
            ("client_secret", a.ClientSecret),
            ("username", a.StaffUser!),
            ("password", a.StaffPassword!));
        using var byScreens = await system.TokenAsync(
            gateway,
            ("grant_type", "password"),
            ("client_id", "renkei-screens"),
            ("client_secret", system.ScreensSecret()),
            ("username", a.StaffUser!),
            ("password", a.StaffPassword!));

        Assert.Equal(HttpStatusCode.BadRequest, bySystem.StatusCode);
        Assert.Equal("unsupported_grant_type", (await bySystem.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, byScreens.StatusCode);
        Assert.Equal("unsupported_grant_type", (await byScreens.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task StaffLogin_WrongPasswordFiveTimes_LockedOutEvenWithTheRightOneAndAudited()
    {
        var c = system.Retailer(2);

        for (var i = 0; i < 5; i++)
        {
            using var session = ScreensSession.Anonymous(system);
            using var wrong = await session.LogInThroughGatewayAsync(c.StaffUser!, "not-the-password-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var last = ScreensSession.Anonymous(system);
        using var right = await last.LogInThroughGatewayAsync(c.StaffUser!, c.StaffPassword!);

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
        var audited = (await system.Host.Audit.QueryAsync(new AuditQuery { Limit = 100_000 })).Where(e => e.Path == "/connect/authorize").ToList();
        Assert.Equal(5, audited.Count(e => e.ClientId == "staff:" + c.StaffUser && e.Status == 401 && e.Reason == "invalid staff user name or password"));
        Assert.Contains(audited, e => e.ClientId == "staff:" + c.StaffUser && e.Status == 429 && e.Reason!.Contains("locked out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Screens_RetailerStaffOnDashboard_Is403_OperatorOnRetailerScreens_Is403()
    {
        var a = system.Retailer(0);
        using var retailer = await ScreensSession.LogInAsync(system, a.StaffUser!, a.StaffPassword!);
        using var op = await ScreensSession.LogInAsync(system, system.Credentials.Operator!.User, system.Credentials.Operator.Password);

        using var dashboard = await retailer.Client.GetAsync("/Dashboard");
        using var inbox = await op.Client.GetAsync("/Relays");
        using var anonymous = await ScreensSession.Anonymous(system).Client.GetAsync("/Dashboard");

        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, inbox.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screens_WrongPassword_Answers401WithTheMessageAndNoSession()
    {
        using var session = ScreensSession.Anonymous(system);

        using var answer = await session.LogInThroughGatewayAsync("nobody-at-all", "wrong-password");
        var html = await answer.Content.ReadAsStringAsync();
        using var after = await session.Client.GetAsync("/Applications");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("ユーザー名またはパスワードが正しくありません。", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task Screens_CallbackWithAnotherStateOrWithoutTheLogInCookie_IsRefusedAndNoSession()
    {
        var a = system.Retailer(0);
        using var session = ScreensSession.Anonymous(system);
        var callback = await CallbackOfAsync(session, a.StaffUser!, a.StaffPassword!);
        var forgedState = new Uri(System.Text.RegularExpressions.Regex.Replace(callback.ToString(), "state=[^&]+", "state=forged"));
        using var stranger = ScreensSession.Anonymous(system);

        using var withForgedState = await session.Client.GetAsync(forgedState);
        using var withoutCookie = await stranger.Client.GetAsync(callback);
        using var after = await session.Client.GetAsync("/Applications");

        Assert.Equal(HttpStatusCode.Unauthorized, withForgedState.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCookie.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    /// <summary>Logs in at the gateway's page and returns the redirect to the screens' callback, not followed.</summary>
    private static async Task<Uri> CallbackOfAsync(ScreensSession session, string user, string password)
    {
        var (authorize, html) = await session.GatewayLogInPageAsync();
        var fields = System.Text.RegularExpressions.Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Append(new("username", user))
            .Append(new("password", password));
        using var posted = await session.Client.PostAsync(new Uri(authorize.GetLeftPart(UriPartial.Path)), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return posted.Headers.Location!;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditOfAsync(string pathAndQuery)
    {
        var all = await system.Host.Audit.QueryAsync(new AuditQuery { Limit = 100_000 });
        return [.. all.Where(e => e.Path == pathAndQuery)];
    }
}
