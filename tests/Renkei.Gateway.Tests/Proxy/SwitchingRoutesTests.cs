using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Tests.Proxy;

/// <summary>
/// The switching API through the gateway the way a retailer calls it: <c>/api/v1/switching/...</c> with a token,
/// onto the real switching node. Which application a retailer sees is the switching node's decision, on the
/// retailer code the gateway takes from the token; only the listed prefixes are routed. Every answer is audited.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class SwitchingRoutesTests(InternalZone zone)
{
    private const string SwitchIn = "api/v1/switching/applications/switch-in";

    [Fact]
    public async Task SwitchIn_ApplicantSubmitsAndReadsBack_OtherRetailerGets404EvenWithSpoofedHeader()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var applicant = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);
        var other = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        // IF_10610 by R2 for the point R3 supplies: R1 is not concerned by it in any way.
        using var submitted = await PostAsync(client, applicant, SwitchIn, new { supplyPointId = Market.R3Only }, "gw-switch-in-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var number = (await JsonOf(submitted)).GetProperty("number").GetString()!;
        var own = $"api/v1/switching/applications/{number}";
        Assert.Equal("/" + own, submitted.Headers.Location?.OriginalString);

        using var readBack = await TestGateway.GetAsync(client, applicant, own);
        using var byOther = await TestGateway.GetAsync(client, other, own);
        using var spoofed = await GetAsync(client, other, own, ("X-Renkei-Retailer", Market.R2));
        using var unknown = await TestGateway.GetAsync(client, other, "api/v1/switching/applications/A999999999999");

        Assert.Equal(HttpStatusCode.OK, readBack.StatusCode);
        Assert.Equal(number, (await JsonOf(readBack)).GetProperty("number").GetString());
        Assert.Equal(Market.R3Only, (await JsonOf(readBack)).GetProperty("supplyPointId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, spoofed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(unknown.Content.Headers.ContentType, byOther.Content.Headers.ContentType);
        Assert.Equal($"application {number} not found", (await JsonOf(byOther)).GetProperty("detail").GetString());
        Assert.Equal("application A999999999999 not found", (await JsonOf(unknown)).GetProperty("detail").GetString());

        var submit = Assert.Single(await gateway.AuditOfAsync(SwitchIn), e => e.Retailer == Market.R2 && e.Status == 201);
        Assert.Equal("POST", submit.Method);
        Assert.Equal(AuditEntry.Allowed, submit.Outcome);
        Assert.Equal(TestGateway.R2Id, submit.ClientId);
        var reads = await gateway.AuditOfAsync("/" + own);
        Assert.Single(reads, e => e.Retailer == Market.R2 && e.Status == 200 && e.Outcome == AuditEntry.Allowed);
        Assert.Equal(2, reads.Count(e => e.Retailer == Market.R1 && e.Status == 404 && e.Outcome == AuditEntry.Denied));
    }

    [Fact]
    public async Task CancellationRelay_SeenByBothRetailersConcerned_404ForAThird()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var newRetailer = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);
        var current = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var third = await gateway.TokenAsync(TestGateway.R3Id, TestGateway.R3Secret, gateway.Client(TestCertificates.A));

        // IS_20110 by R2 for the point R1 supplies.
        using var registered = await PostAsync(
            client,
            newRetailer,
            "api/v1/switching/cancellation-relays",
            new { supplyPointId = Market.R1Only, contractNumber = "K-0001", holderName = "山田太郎", address = "東京都千代田区丸の内1-1", wishedDate = "2026-12-15" },
            "gw-relay-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var number = (await JsonOf(registered)).GetProperty("number").GetString()!;
        var path = $"api/v1/switching/cancellation-relays/{number}";

        using var byApplicant = await TestGateway.GetAsync(client, newRetailer, path);
        using var byCurrent = await TestGateway.GetAsync(client, current, path);
        using var byThird = await TestGateway.GetAsync(gateway.Client(TestCertificates.A), third, path);

        Assert.Equal(HttpStatusCode.OK, byApplicant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byCurrent.StatusCode);
        Assert.Equal(number, (await JsonOf(byCurrent)).GetProperty("number").GetString());
        Assert.Equal(HttpStatusCode.NotFound, byThird.StatusCode);
        var reads = await gateway.AuditOfAsync("/" + path);
        Assert.Single(reads, e => e.Retailer == Market.R1 && e.Status == 200 && e.Outcome == AuditEntry.Allowed);
        Assert.Single(reads, e => e.Retailer == Market.R3 && e.Status == 404 && e.Outcome == AuditEntry.Denied);
    }

    [Fact]
    public async Task ApplicationList_Applicant_SeesOnlyOwnApplications()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        using var response = await TestGateway.GetAsync(client, token, "api/v1/switching/applications");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Market.R3Only, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwitchIn_NoToken_Answers401AndNeverForwards()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var before = (await gateway.AuditOfAsync(SwitchIn)).Count(e => e.Status == 401);

        using var response = await PostAsync(client, null, SwitchIn, new { supplyPointId = Market.R3Only }, "gw-no-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var denied = (await gateway.AuditOfAsync(SwitchIn)).Where(e => e.Status == 401).ToList();
        Assert.Equal(before + 1, denied.Count);
        Assert.Equal(AuditEntry.Denied, denied[^1].Outcome);
        Assert.Null(denied[^1].Retailer);
    }

    public static TheoryData<string, string> NotRouted => new()
    {
        { "GET", "api/v1/switching/wheeling-contracts/changes" },
        { "GET", "api/v1/switching/retailers" },
        { "GET", $"api/v1/switching/supply-points/{Market.R1Only}/wheeling-contracts" },
        { "GET", "api/v1/switching/openapi/switching.json" },
        { "GET", "api/v1/switching/" },
        { "POST", "api/v1/switching/changes" },
    };

    [Theory]
    [MemberData(nameof(NotRouted))]
    public async Task InternalOnlyPath_WithValidToken_IsNotRoutedAndAudited(string method, string path)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { });
        }

        using var response = await client.SendAsync(request);

        // The gateway's own answer, with no body: the internal node would have answered with JSON.
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{response.StatusCode}");
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        var entry = (await gateway.AuditOfAsync("/" + path)).Last(e => e.Retailer == Market.R1 && e.Method == method);
        Assert.Equal((int)response.StatusCode, entry.Status);
        Assert.Equal(AuditEntry.Denied, entry.Outcome);
    }

    [Fact]
    public async Task DotSegmentsOutOfSwitching_Answer400BeforeRouting()
    {
        var gateway = zone.Shared;
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        await using var raw = await RawHttps.ConnectAsync(gateway.Url);

        await raw.WriteAsync($"GET /api/v1/switching/../wheeling-contracts/changes HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n");
        var head = await raw.ReadResponseHeadAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        var entry = (await gateway.AuditOfAsync("wheeling-contracts/changes")).Last(e => e.Status == 400);
        Assert.Equal(AuditEntry.Denied, entry.Outcome);
        Assert.Equal("path traversal or encoded path separators", entry.Reason);
    }

    [Fact]
    public async Task BulkUpload_LargerThanTheGeneralBodyLimit_ReachesSwitchingWhileOtherRoutesAnswer413()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);

        // About 50 KiB of a file that is not a switch-in file (a column it does not have): past the 16 KiB limit of
        // every other body, within the bulk route's.
        var csv = "supply_point_id,wished\n" + string.Concat(Enumerable.Repeat("12345,x\n", 7_000));
        using var bulk = new HttpRequestMessage(HttpMethod.Post, new Uri("api/v1/switching/bulk/switch-ins", UriKind.Relative))
        {
            Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"),
        };
        bulk.Headers.Add("Idempotency-Key", "gw-bulk-" + Guid.NewGuid().ToString("N"));
        bulk.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var bulkAnswer = await client.SendAsync(bulk);

        using var other = await PostAsync(client, token, SwitchIn, new { supplyPointId = Market.R3Only, padding = new string('x', csv.Length) }, "gw-big-" + Guid.NewGuid().ToString("N"));

        // The switching node read the whole file and judged it (refused whole: the header names the column).
        Assert.Equal(HttpStatusCode.BadRequest, bulkAnswer.StatusCode);
        Assert.Equal((1, "wished"), ((await JsonOf(bulkAnswer)).GetProperty("errors")[0].GetProperty("line").GetInt32(), (await JsonOf(bulkAnswer)).GetProperty("errors")[0].GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, other.StatusCode);
    }

    [Fact]
    public async Task UsageInformation_WithAttachmentsPastTheGeneralBodyLimit_ReachesSwitching_ButNotPast8MiB()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[100 * 1024]];

        // About 140 KiB of JSON (a 100 KiB PNG in base64) with a wrong password: the switching node judges it.
        using var attached = await PostAsync(
            client, token, "api/v1/switching/applications/usage-information",
            new { supplyPointId = "0399999999999999999999", password = "wrong", attachments = new[] { new { fileName = "consent.png", content = Convert.ToBase64String(png) } } },
            "gw-usage-" + Guid.NewGuid().ToString("N"));
        using var tooLarge = await PostAsync(
            client, token, "api/v1/switching/applications/usage-information",
            new { supplyPointId = "0399999999999999999999", password = "wrong", padding = new string('x', 8 * 1024 * 1024) },
            "gw-usage-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, attached.StatusCode);
        Assert.Equal("SW070", (await JsonOf(attached)).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ProxiedBody_OverTheLimit_Is413ProblemDetailsNamingTheLimit(bool declaredLength)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);
        var body = "{\"supplyPointId\":\"" + Market.R3Only + "\",\"padding\":\"" + new string('x', 20 * 1024) + "\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(SwitchIn, UriKind.Relative))
        {
            // Without a declared length the body goes chunked: the limit is met while it is forwarded.
            Content = declaredLength
                ? new StringContent(body, System.Text.Encoding.UTF8, "application/json")
                : new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body))) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.Add("Idempotency-Key", "gw-limit-" + Guid.NewGuid().ToString("N"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (!declaredLength)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonOf(response);
        Assert.Equal(Renkei.Hosting.Http.RequestProblems.TooLargeTitle, problem.GetProperty("title").GetString());
        Assert.Equal(16 * 1024, problem.GetProperty("limit").GetInt64());
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? token, string path, object body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string token, string path, (string Name, string Value) header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add(header.Name, header.Value);
        return await client.SendAsync(request);
    }
}
