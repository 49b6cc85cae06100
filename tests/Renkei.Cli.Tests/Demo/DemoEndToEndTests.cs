using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Renkei.Cli.Demo;

namespace Renkei.Cli.Tests.Demo;

/// <summary>End to end, the way a retailer system works: a token over TLS from the gateway, then data through the reverse proxy.</summary>
public sealed class DemoEndToEndTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private DemoRetailer A => demo.Host.Credentials.Retailers[0];

    private DemoRetailer B => demo.Host.Credentials.Retailers[1];

    private string Yesterday => demo.Host.Credentials.Simulation.Yesterday;

    [Fact]
    public async Task RetailerA_ReadsOwnSupplyPoint_Gets48SlotsWithValues()
    {
        var token = await GetTokenAsync(A.ClientId, A.ClientSecret);
        var point = A.SuppliesToday[0];

        using var response = await GetIntervalsAsync(token, point, Yesterday);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(point, body.RootElement.GetProperty("supplyPointId").GetString());
        Assert.Equal(Yesterday, body.RootElement.GetProperty("date").GetString());
        var slots = body.RootElement.GetProperty("slots").EnumerateArray().ToList();
        Assert.Equal(48, slots.Count);
        Assert.Equal(Enumerable.Range(1, 48), slots.Select(s => s.GetProperty("slot").GetInt32()));

        // Yesterday is complete: every slot is published; the fleet loses a few reads, so most, not all, are actual.
        var actual = slots.Where(s => s.GetProperty("quality").GetString() == "actual").ToList();
        Assert.True(actual.Count >= 40, $"only {actual.Count} actual slots");
        Assert.All(actual, s => Assert.True(s.GetProperty("kwh").GetDecimal() > 0m));
        Assert.All(slots, s => Assert.Contains(s.GetProperty("quality").GetString(), new[] { "actual", "estimated", "missing", "invalid" }));
    }

    [Fact]
    public async Task RetailerA_BulkSlotOfYesterday_HoldsItsOwnPointsOnly_InCsv()
    {
        var token = await GetTokenAsync(A.ClientId, A.ClientSecret);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/intervals?date={Yesterday}&slot=20");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("text/csv");

        using var response = await demo.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("supply_point_id,voltage,date,slot,kwh,quality,version", lines[0]);
        var points = lines.Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.Contains(A.SuppliesToday[0], points);
        Assert.DoesNotContain(A.DoesNotSupply, points);
        Assert.Contains(lines.Skip(1), l => l.Contains(",actual,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RetailerB_ReadsRetailerAsSupplyPoint_Gets404LikeAnUnknownPoint()
    {
        var token = await GetTokenAsync(B.ClientId, B.ClientSecret);

        using var othersPoint = await GetIntervalsAsync(token, A.SuppliesToday[0], Yesterday);
        using var unknownPoint = await GetIntervalsAsync(token, "0399999999999999999999", Yesterday);

        Assert.Equal(HttpStatusCode.NotFound, othersPoint.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPoint.StatusCode);
        Assert.Equal(await unknownPoint.Content.ReadAsStringAsync(), await othersPoint.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RetailerA_ReadsPointItSwitchedAwayToday_SeesYesterdayButNotToday()
    {
        var token = await GetTokenAsync(A.ClientId, A.ClientSecret);
        var point = A.SwitchedAwayToday!;

        using var yesterday = await GetIntervalsAsync(token, point, Yesterday);
        using var today = await GetIntervalsAsync(token, point, demo.Host.Credentials.Simulation.Today);

        Assert.Equal(HttpStatusCode.OK, yesterday.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, today.StatusCode);
    }

    [Fact]
    public async Task NoToken_Gets401()
    {
        using var response = await demo.Gateway.GetAsync(new Uri($"api/v1/supply-points/{A.SuppliesToday[0]}/intervals?date={Yesterday}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TamperedToken_Gets401()
    {
        var token = await GetTokenAsync(A.ClientId, A.ClientSecret);
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");

        using var response = await GetIntervalsAsync(tampered, A.SuppliesToday[0], Yesterday);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task WrongClientSecret_IsRefusedWithInvalidClient()
    {
        using var response = await demo.Gateway.PostAsync(
            new Uri("connect/token", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = A.ClientId,
                ["client_secret"] = A.ClientSecret + "x",
            }));

        Assert.False(response.IsSuccessStatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_client", body.RootElement.GetProperty("error").GetString());
        Assert.False(body.RootElement.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task MalformedSupplyPointId_Gets400WithReason()
    {
        var token = await GetTokenAsync(A.ClientId, A.ClientSecret);

        using var response = await GetIntervalsAsync(token, "12345", Yesterday);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("supply point", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MissingDate_Gets400WithReason()
    {
        var token = await GetTokenAsync(A.ClientId, A.ClientSecret);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/supply-points/{A.SuppliesToday[0]}/intervals");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await demo.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("date", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InternalMeteringApi_ListensOnLoopbackOnly()
    {
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(demo.Host.MeteringUrl.Host)));
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(demo.Host.SwitchingUrl.Host)));
        Assert.Equal("https", demo.Host.GatewayUrl.Scheme);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task InternalApis_DirectCallFromLoopback_AreRefused()
    {
        using var http = new HttpClient();

        using var metering = await http.GetAsync(new Uri(demo.Host.MeteringUrl, $"internal/v1/supply-points/{A.SuppliesToday[0]}/intervals?date={Yesterday}"));
        using var switching = await http.GetAsync(new Uri(demo.Host.SwitchingUrl, "internal/v1/wheeling-contracts/changes?after=0"));

        Assert.Equal(HttpStatusCode.Unauthorized, metering.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, switching.StatusCode);
    }

    [Fact]
    public async Task TsoNodes_AreasTokyoAndKansai_ListenOnLoopbackAndRefuseCallsWithoutTheHubsProof()
    {
        using var http = new HttpClient();
        var answers = new List<HttpStatusCode>();
        foreach (var (area, url) in demo.Host.TsoUrls.OrderBy(t => t.Key))
        {
            using var body = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(url, $"internal/v1/tso/{area:D2}/switches"), body);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([3, 6], demo.Host.TsoUrls.Keys.Order().ToArray());
        Assert.All(demo.Host.TsoUrls.Values, u => Assert.True(IPAddress.IsLoopback(IPAddress.Parse(u.Host))));
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], answers);
    }

    [Fact]
    public async Task Gateway_DataAccess_IsInTheAuditLog()
    {
        var token = await GetTokenAsync(A.ClientId, A.ClientSecret);
        using var response = await GetIntervalsAsync(token, A.SuppliesToday[1], Yesterday);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = await demo.Host.Audit.QueryAsync(new Renkei.Hosting.Audit.AuditQuery { ClientId = A.ClientId, SupplyPoint = A.SuppliesToday[1] });

        var entry = Assert.Single(entries);
        Assert.Equal(200, entry.Status);
        Assert.Equal("allowed", entry.Outcome);
        Assert.Equal(Yesterday, entry.Date);
        Assert.Equal(A.Code, entry.Retailer);
    }

    [Fact]
    public async Task DemoJson_HoldsUrlsAndEachRetailersCredentials()
    {
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(demo.Host.CredentialsPath));
        var root = file.RootElement;

        Assert.Equal(demo.Host.Credentials.Gateway, root.GetProperty("gateway").GetString());
        Assert.Equal(demo.Host.Credentials.Internal.Metering, root.GetProperty("internal").GetProperty("metering").GetString());
        var retailers = root.GetProperty("retailers").EnumerateArray().ToList();
        Assert.True(retailers.Count >= 2);
        foreach (var r in retailers)
        {
            Assert.Matches("^[A-Z0-9]{5}$", r.GetProperty("code").GetString()!);
            Assert.False(string.IsNullOrEmpty(r.GetProperty("clientId").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("clientSecret").GetString()));
            Assert.NotEmpty(r.GetProperty("suppliesToday").EnumerateArray());
            Assert.Matches("^[0-9]{22}$", r.GetProperty("doesNotSupply").GetString()!);
        }
    }

    private async Task<string> GetTokenAsync(string clientId, string secret)
    {
        using var response = await demo.Gateway.PostAsync(
            new Uri("connect/token", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = secret,
            }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        Assert.Equal("Bearer", token!.token_type);
        return token.access_token;
    }

    private async Task<HttpResponseMessage> GetIntervalsAsync(string token, string point, string date)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/supply-points/{point}/intervals?date={date}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await demo.Gateway.SendAsync(request);
    }

#pragma warning disable IDE1006 // OAuth2 field names
    private sealed record TokenResponse(string access_token, string token_type, int expires_in);
#pragma warning restore IDE1006
}
