using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Renkei.Cli.Demo;
using Renkei.Cli.OperatorApi;
using Renkei.Cli.Tests.Demo;
using Renkei.Gateway.Audit;
using Renkei.Hosting.Audit;

namespace Renkei.Cli.Tests.OperatorApi;

/// <summary>
/// The hub-vs-TSO contract reconciliation through the real gateway (real TLS, real tokens) of the real demo, whose
/// areas 03 and 06 are TSO nodes of their own: an operator logged in from the command line pages through it; a
/// retailer's token gets what an unknown route answers, audited; bad paging is answered 400; and
/// <c>renkei operator reconciliation</c> prints the whole.
/// </summary>
public sealed class OperatorReconciliationTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private DemoStaff Operator => demo.Host.Credentials.Operator!;

    private DemoRetailer A => demo.Host.Credentials.Retailers[0];

    [Theory]
    [InlineData("03", 40)]
    [InlineData("06", 3)]
    public async Task Operator_PagesOfAFewPoints_JoinUpToTheWholeReport(string area, int limit)
    {
        await using var session = await OperatorAsync();

        var whole = await JsonAsync(await session.GetAsync($"api/v1/operator/reconciliation/{area}?limit=10000", default));
        var pages = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = await JsonAsync(await session.GetAsync($"api/v1/operator/reconciliation/{area}?limit={limit}" + (after is null ? "" : "&after=" + after), default));
            pages.Add(page);
            after = page.GetProperty("next").GetString();
        }
        while (after is not null && pages.Count < 1000);

        static string[] Differences(JsonElement report) =>
            [.. report.GetProperty("differences").EnumerateArray().Select(d => d.GetRawText())];

        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        Assert.True(whole.GetProperty("hubContracts").GetInt32() > limit);
        Assert.Null(whole.GetProperty("next").GetString());
        var nexts = pages.Select(p => p.GetProperty("next").GetString()).Where(n => n is not null).ToArray();
        Assert.Equal(nexts.Order(StringComparer.Ordinal).Distinct(StringComparer.Ordinal), nexts);
        Assert.Equal(whole.GetProperty("hubContracts").GetInt32(), pages.Sum(p => p.GetProperty("hubContracts").GetInt32()));
        Assert.Equal(whole.GetProperty("tsoContracts").GetInt32(), pages.Sum(p => p.GetProperty("tsoContracts").GetInt32()));
        Assert.Equal(Differences(whole), pages.SelectMany(Differences).ToArray());
        Assert.True(whole.GetProperty("consistent").GetBoolean(), whole.GetRawText());
    }

    [Fact]
    public async Task RetailerTokens_GetTheAnswerOfAnUnknownRoute_AndTheRefusalIsAudited()
    {
        using var token = await demo.Gateway.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = A.ClientId,
            ["client_secret"] = A.ClientSecret,
        }));
        var system = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        await using var staff = OperatorLogIn.Open(demo.Host.GatewayUrl, demo.Host.Credentials.CaCertificate);
        await staff.LogInAsync(A.StaffUser!, A.StaffPassword!, default);

        using var unknown = await GetAsync(system, "api/v1/operator/no-such-view/03");
        using var bySystem = await GetAsync(system, "api/v1/operator/reconciliation/03?limit=5");
        using var byStaff = await staff.GetAsync("api/v1/operator/reconciliation/06", default);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var refused in new[] { bySystem, byStaff })
        {
            Assert.Equal(unknown.StatusCode, refused.StatusCode);
            Assert.Equal(await unknown.Content.ReadAsStringAsync(), await refused.Content.ReadAsStringAsync());
            Assert.Equal(unknown.Content.Headers.ContentType, refused.Content.Headers.ContentType);
            Assert.Equal(unknown.Headers.WwwAuthenticate.ToString(), refused.Headers.WwwAuthenticate.ToString());
        }

        var audited = await demo.Host.Audit.QueryAsync(new AuditQuery { Retailer = A.Code, Outcome = AuditEntry.Denied, Limit = 100_000 });
        Assert.Contains(audited, e => e.Path == "/api/v1/operator/reconciliation/03?limit=5" && e.ClientId == A.ClientId && e.Status == 404
            && e.Reason!.Contains("not an operator", StringComparison.Ordinal));
        Assert.Contains(audited, e => e.Path == "/api/v1/operator/reconciliation/06" && e.ClientId == "staff:" + A.StaffUser && e.Status == 404
            && e.Reason!.Contains("not an operator", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=100000", "limit")]
    [InlineData("after=not-a-point", "after")]
    [InlineData("after=0600000000000000000000", "after")]
    [InlineData("page=2", "page")]
    public async Task Operator_BadPagingParameter_Is400NamingItAndAudited(string query, string field)
    {
        await using var session = await OperatorAsync();

        using var answer = await session.GetAsync("api/v1/operator/reconciliation/03?" + query, default);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        var audited = await demo.Host.Audit.QueryAsync(new AuditQuery { ClientId = "staff:" + Operator.User, Limit = 100_000 });
        Assert.Contains(audited, e => e.Path == "/api/v1/operator/reconciliation/03?" + query && e.Status == 400);
    }

    [Fact]
    public async Task Command_Table_PrintsTheAreasVerdict()
    {
        var (exit, output, error) = await RunAsync("operator", "reconciliation", "--area", "06", "--limit", "3", "--data", demo.DataDirectory);

        Assert.True(exit == 0, error);
        Assert.StartsWith("area 06 at ", output, StringComparison.Ordinal);
        Assert.Contains("pages: consistent", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_Json_AddsUpEveryPage()
    {
        await using var session = await OperatorAsync();
        var whole = await JsonAsync(await session.GetAsync("api/v1/operator/reconciliation/03?limit=10000", default));

        var (exit, output, error) = await RunAsync("operator", "reconciliation", "--area", "03", "--limit", "25", "--format", "json", "--data", demo.DataDirectory);

        Assert.True(exit == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3, report.GetProperty("area").GetInt32());
        Assert.True(report.GetProperty("pages").GetInt32() >= 2);
        Assert.Equal(whole.GetProperty("hubContracts").GetInt32(), report.GetProperty("hubContracts").GetInt32());
        Assert.Equal(whole.GetProperty("tsoContracts").GetInt32(), report.GetProperty("tsoContracts").GetInt32());
        Assert.Equal(whole.GetProperty("consistent").GetBoolean(), report.GetProperty("consistent").GetBoolean());
    }

    [Theory]
    [InlineData("3")]
    [InlineData("11")]
    [InlineData("tokyo")]
    public async Task Command_BadArea_Exits2NamingTheOption(string area)
    {
        var (exit, output, error) = await RunAsync("operator", "reconciliation", "--area", area, "--data", demo.DataDirectory);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains($"--area '{area}': expected two digits, 01 to 10", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_AreaWithoutATsoNode_Exits1WithTheGatewaysProblem()
    {
        var (exit, _, error) = await RunAsync("operator", "reconciliation", "--area", "01", "--data", demo.DataDirectory);

        Assert.Equal(1, exit);
        Assert.Contains("the gateway refused: 404 No TSO node for the area", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_WrongPassword_Exits1WithTheLogInRefusal()
    {
        var (exit, output, error) = await RunAsync("operator", "reconciliation", "--area", "03", "--data", demo.DataDirectory, "--password", "not-the-password");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("log-in refused (401): The user name or password is not correct.", error, StringComparison.Ordinal);
    }

    private async Task<OperatorLogIn> OperatorAsync()
    {
        var session = OperatorLogIn.Open(demo.Host.GatewayUrl, demo.Host.Credentials.CaCertificate);
        await session.LogInAsync(Operator.User, Operator.Password, default);
        return session;
    }

    private async Task<HttpResponseMessage> GetAsync(string token, string relative)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relative);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await demo.Gateway.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Program.BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
