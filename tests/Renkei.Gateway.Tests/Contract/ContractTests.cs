using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Contract;

/// <summary>
/// Issue 20: the gateway's OpenAPI document against the real system. Every operation the served document lists is
/// called (the list comes from the document, so a new route without a call here fails), through the real gateway in
/// front of real metering and switching nodes, and every answer, success and error alike, must be one the operation
/// documents: its status, its media type, and its body valid against the documented schema (JsonSchema.Net).
/// </summary>
public sealed class ContractTests(ContractZone fixture) : IClassFixture<ContractZone>
{
    private const string Day = "2026-11-09";

    private readonly TestGateway gateway = fixture.Gateway;
    private readonly List<string> failures = [];
    private readonly HashSet<string> called = new(StringComparer.Ordinal);
    private OpenApiContract contract = null!;
    private string attachedApplication = string.Empty;

    [Fact]
    public async Task EveryDocumentedOperation_AnswersAsDocumented_SuccessAndError()
    {
        var http = gateway.Client();
        contract = new OpenApiContract(await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative)));
        var r1 = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, http);
        var r2 = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, http);

        await AuthenticationAsync(http);
        var op = (await StaffCodeFlow.TokenAsync(gateway, ContractZone.Operator, ContractZone.OperatorPassword)).GetProperty("access_token").GetString()!;
        await EnergyAsync(http, r1);
        await WebhooksAsync(http, r1);
        await SwitchingAsync(http, r1, r2);
        await OperatorAsync(http, op, r1);

        // Without a token, every secured operation answers the documented 401 (problem details).
        foreach (var operation in contract.Operations.Where(o => o.Secured))
        {
            await CallAsync(http, null, new HttpMethod(operation.Method), operation.Fill("0310000000000000000002").TrimStart('/'), Json("{}"), expect: HttpStatusCode.Unauthorized);
        }

        var missed = contract.Operations.Select(o => o.Key).Where(k => !called.Contains(k)).ToList();
        Assert.True(missed.Count == 0, "documented but never called by this test (add a call): " + string.Join("; ", missed));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryExampleInTheDocument_IsValidAgainstItsSchema()
    {
        var http = gateway.Client();
        var document = new OpenApiContract(await http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative)));
        var errors = new List<string>();
        var count = 0;
        foreach (var (name, schema, example) in document.Examples())
        {
            count++;
            using var instance = JsonDocument.Parse(example.ToJsonString());
            errors.AddRange(document.Validate(schema, instance.RootElement, $"example of {name}"));
        }

        Assert.True(count >= 25, $"only {count} examples");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private async Task AuthenticationAsync(HttpClient http)
    {
        await CallAsync(http, null, HttpMethod.Post, "connect/token", Form(("grant_type", "client_credentials"), ("client_id", TestGateway.R2Id), ("client_secret", TestGateway.R2Secret)), HttpStatusCode.OK);
        await CallAsync(http, null, HttpMethod.Post, "connect/token", Form(("grant_type", "client_credentials"), ("client_id", TestGateway.R2Id), ("client_secret", "wrong")), HttpStatusCode.Unauthorized);
        await CallAsync(http, null, HttpMethod.Post, "connect/token", Form(("grant_type", "password"), ("client_id", TestGateway.R2Id), ("client_secret", TestGateway.R2Secret)));

        var spare = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, http);
        await CallAsync(http, null, HttpMethod.Post, "connect/revoke", Form(("client_id", TestGateway.R2Id), ("client_secret", TestGateway.R2Secret), ("token", spare)), HttpStatusCode.OK);
        await CallAsync(http, null, HttpMethod.Post, "connect/revoke", Form(("client_id", TestGateway.R2Id), ("client_secret", "wrong"), ("token", spare)), HttpStatusCode.Unauthorized);

        // The staff log-in page and its form post (the 302 to the screens), as a browser makes them.
        var flow = new StaffCodeFlow();
        var browser = gateway.Browser();
        await CallAsync(browser, null, HttpMethod.Get, flow.AuthorizeUrl(), null, HttpStatusCode.OK);
        using var redirect = await flow.LogInAsync(gateway.Browser(), ContractZone.Operator, ContractZone.OperatorPassword);
        await CheckAsync(HttpMethod.Post, "/connect/authorize", redirect, HttpStatusCode.Redirect);
        await CallAsync(gateway.Browser(), null, HttpMethod.Post, "connect/authorize", Form(("username", "x"), ("password", "y")));
    }

    private async Task EnergyAsync(HttpClient http, string r1)
    {
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/supply-points/{Market.R1Only}/intervals?date={Day}", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/supply-points/{Market.R1Only}/intervals?date=yesterday", null, HttpStatusCode.BadRequest);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/supply-points/{Market.Unknown}/intervals?date={Day}", null, HttpStatusCode.NotFound);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/supply-points/{Market.R1Only}/intervals/{Day}/20/explain", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/supply-points/{Market.R1Only}/intervals/{Day}/20/explain?direction=export", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/supply-points/{Market.R1Only}/intervals/{Day}/49/explain", null, HttpStatusCode.BadRequest);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/supply-points/{Market.Unknown}/intervals/{Day}/20/explain", null, HttpStatusCode.NotFound);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/intervals?date={Day}", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/intervals?date={Day}&slot=20", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/intervals?date={Day}", null, HttpStatusCode.OK, accept: "text/csv");
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/intervals?date={Day}", null, HttpStatusCode.OK, accept: "application/xml");
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/intervals?date={Day}", null, HttpStatusCode.NotAcceptable, accept: "image/png");
        await CallAsync(http, r1, HttpMethod.Get, "api/v1/intervals?date=2026-13-01", null, HttpStatusCode.BadRequest);
        await CallAsync(http, r1, HttpMethod.Get, "api/v1/fixed-usage?month=2026-10", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, "api/v1/fixed-usage?month=October", null, HttpStatusCode.BadRequest);
        var files = await CallAsync(http, r1, HttpMethod.Get, $"api/v1/files?date={Day}", null, HttpStatusCode.OK);
        var names = JsonDocument.Parse(files).RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        foreach (var name in names.Take(1))
        {
            await CallAsync(http, r1, HttpMethod.Get, $"api/v1/files/{name}", null, HttpStatusCode.OK);
            await CallAsync(http, r1, HttpMethod.Get, $"api/v1/files/{name}", null, HttpStatusCode.OK, accept: "application/xml");
        }

        await CallAsync(http, r1, HttpMethod.Get, "api/v1/files/W41110_nothing.zip", null, HttpStatusCode.NotFound);
        await CallAsync(http, r1, HttpMethod.Get, "api/v1/feed", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, "api/v1/feed?limit=0", null, HttpStatusCode.BadRequest);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/deadlines?date={Day}", null, HttpStatusCode.OK);
    }

    private async Task WebhooksAsync(HttpClient http, string r1)
    {
        var created = await CallAsync(http, r1, HttpMethod.Post, "api/v1/webhooks", Json("""{"url":"https://retailer.example/renkei/hooks"}"""), HttpStatusCode.Created);
        await CallAsync(http, r1, HttpMethod.Post, "api/v1/webhooks", Json("""{"url":"http://retailer.example/plain"}"""), HttpStatusCode.BadRequest);
        var id = JsonDocument.Parse(created).RootElement.GetProperty("id").GetString();
        await CallAsync(http, r1, HttpMethod.Get, "api/v1/webhooks", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"api/v1/webhooks/{id}/deliveries", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Delete, $"api/v1/webhooks/{id}", null, HttpStatusCode.NoContent);
        await CallAsync(http, r1, HttpMethod.Delete, $"api/v1/webhooks/{id}", null, HttpStatusCode.NotFound);
    }

    private async Task SwitchingAsync(HttpClient http, string r1, string r2)
    {
        const string S = "api/v1/switching";
        var point = Market.R1Only;
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/supply-points/{point}/facility", null, HttpStatusCode.OK);
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/supply-points/{Market.Unknown}/facility", null, HttpStatusCode.NotFound);
        await CallAsync(http, r1, HttpMethod.Get, $"{S}/supply-points/search?address=test&holderName=Test", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"{S}/supply-points/search?address=te&holderName=Test", null);

        // Switch-in by R2 of R1's point: the dry run, the application, its reads, its withdrawal; a rule failure.
        await CallAsync(http, r2, HttpMethod.Post, $"{S}/applications/switch-in?dryRun=true", Json($$"""{"supplyPointId":"{{point}}"}"""), HttpStatusCode.OK);
        var switchIn = await CallAsync(http, r2, HttpMethod.Post, $"{S}/applications/switch-in", Json($$"""{"supplyPointId":"{{point}}"}"""), HttpStatusCode.Created, key: "ct-switch-in");
        await CallAsync(http, r2, HttpMethod.Post, $"{S}/applications/switch-in", Json($$"""{"supplyPointId":"{{point}}"}"""), HttpStatusCode.BadRequest);
        await CallAsync(http, r2, HttpMethod.Post, $"{S}/applications/switch-in", Json("""{"supplyPointId":"123"}"""), HttpStatusCode.UnprocessableEntity, key: "ct-switch-in-bad");
        var number = JsonDocument.Parse(switchIn).RootElement.GetProperty("number").GetString();
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/applications", null, HttpStatusCode.OK);
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/applications?limit=0", null, HttpStatusCode.BadRequest);
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/applications/{number}", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"{S}/applications/{number}", null, HttpStatusCode.NotFound);
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/applications/{number}/history", null, HttpStatusCode.OK);
        await CallAsync(http, r2, HttpMethod.Post, $"{S}/applications/{number}/withdraw", null, HttpStatusCode.OK, key: "ct-withdraw");
        await CallAsync(http, r2, HttpMethod.Post, $"{S}/applications/{number}/correction", Json($$"""{"supplyPointId":"{{point}}"}"""), key: "ct-correction");

        // The current retailer's applications on its own point.
        await CallAsync(http, r1, HttpMethod.Post, $"{S}/applications/switch-out", Json($$"""{"supplyPointId":"{{point}}","switchDate":"2026-12-20"}"""), key: "ct-switch-out");
        await CallAsync(http, r1, HttpMethod.Post, $"{S}/applications/move-in", Json($$$"""{"supplyPointId":"{{{Market.Ended}}}","startDate":"2026-11-20","content":{"siteVisit":{"possible":false},"moveInTime":"9","serviceMenu":"01","contractDecisionMethod":"1","desiredAmperes":30,"tariffConsent":true,"customer":{"name":"山田 太郎","address":"東京都千代田区丸の内1-1"} } }"""), key: "ct-move-in");
        await CallAsync(http, r1, HttpMethod.Post, $"{S}/applications/move-out", Json($$$"""{"supplyPointId":"{{{point}}}","endDate":"2027-01-10","removeFacilities":false,"content":{"moveOutReason":"01"} }"""), HttpStatusCode.OK, query: "?dryRun=true");
        await CallAsync(http, r1, HttpMethod.Post, $"{S}/applications/customer-details", Json($$"""{"supplyPointId":"{{point}}","name":"Test Two","address":"test"}"""), key: "ct-details");
        await CallAsync(http, r1, HttpMethod.Post, $"{S}/applications/ampere-change", Json($$"""{"supplyPointId":"{{point}}","amperes":40,"changeDate":"2026-12-01"}"""), key: "ct-amperes");

        // The usage information: R1 issues the consent password, R2 asks with it and reads the grant's values.
        var issued = await CallAsync(http, r1, HttpMethod.Post, $"{S}/supply-points/{point}/consent-passwords", Json("""{"validity":"7d"}"""), HttpStatusCode.OK, key: "ct-password");
        var password = JsonDocument.Parse(issued).RootElement.GetProperty("password").GetString();
        var consent = Convert.ToBase64String("%PDF-1.7\n%%EOF\n"u8);
        await CallAsync(http, r2, HttpMethod.Post, $"{S}/applications/usage-information", Json($$"""{"supplyPointId":"{{point}}","password":"{{password}}","attachments":[{"fileName":"consent.txt","content":"aGVsbG8="}]}"""), HttpStatusCode.UnprocessableEntity, key: "ct-usage-bad");
        var grant = await CallAsync(http, r2, HttpMethod.Post, $"{S}/applications/usage-information", Json($$"""{"supplyPointId":"{{point}}","password":"{{password}}","attachments":[{"fileName":"consent.pdf","content":"{{consent}}"}]}"""), HttpStatusCode.Created, key: "ct-usage");
        var grantNumber = JsonDocument.Parse(grant).RootElement.GetProperty("applicationNumber").GetString();
        attachedApplication = grantNumber!;
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/applications/{grantNumber}/usage", null);
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/applications/A000/usage", null, HttpStatusCode.NotFound);
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/applications/{grantNumber}/attachments", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"{S}/applications/{grantNumber}/attachments", null, HttpStatusCode.NotFound);
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/applications/{grantNumber}/attachments/1", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"{S}/applications/{grantNumber}/attachments/1", null, HttpStatusCode.NotFound);

        // 廃止取次: R2 registers, R1 inquires and decides NG, R2 reads the result and tries to withdraw it.
        var relay = await CallAsync(
            http, r2, HttpMethod.Post, $"{S}/cancellation-relays",
            Json($$"""{"supplyPointId":"{{point}}","contractNumber":"K-1","holderName":"Test","holderNameKana":"テスト","address":"test","wishedDate":"2026-12-20","contact":"R2 desk","phone":"03-0000-0000"}"""),
            HttpStatusCode.Created, key: "ct-relay");
        var relayNumber = JsonDocument.Parse(relay).RootElement.GetProperty("number").GetString();
        await CallAsync(http, r1, HttpMethod.Get, $"{S}/cancellation-relays", null, HttpStatusCode.OK);
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/cancellation-relays/{relayNumber}", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Post, $"{S}/cancellation-relays/{relayNumber}/decision", Json("""{"decision":"02","ngReasons":[4]}"""), HttpStatusCode.OK, key: "ct-decision");
        await CallAsync(http, r2, HttpMethod.Post, $"{S}/cancellation-relays/{relayNumber}/withdraw", null, key: "ct-relay-withdraw");

        // The notification queue and the change feed.
        var page = await CallAsync(http, r1, HttpMethod.Get, $"{S}/notifications", null, HttpStatusCode.OK);
        var next = JsonDocument.Parse(page).RootElement.GetProperty("next").GetInt64();
        await CallAsync(http, r1, HttpMethod.Post, $"{S}/notifications/ack", Json($$"""{"upTo":{{next}}}"""), HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"{S}/changes", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"{S}/changes?after=-1", null, HttpStatusCode.BadRequest);

        // Bulk files of every kind: a file that is not of the kind is refused whole (400); a file of the kind answers
        // its result file, one row per line (here a row with an unknown supply point, refused with its reasons); the
        // same file under the same key answers the same result, another file under it is 409.
        foreach (var kind in new[] { "switch-ins", "switch-outs", "move-ins", "move-outs", "ampere-changes", "customer-details", "cancellation-relays" })
        {
            await CallAsync(http, r2, HttpMethod.Post, $"{S}/bulk/{kind}", new StringContent("not,a,bulk,file\n1,2\n", Encoding.UTF8, "text/csv"), HttpStatusCode.BadRequest, key: "ct-bulk-bad-" + kind);
            var header = Renkei.Formats.Switching.Bulk.BulkKinds.Find(kind)!.Header;
            var row = "0399999999999999999999" + new string(',', header.Count(c => c == ','));
            var result = await CallAsync(http, r2, HttpMethod.Post, $"{S}/bulk/{kind}", new StringContent($"{header}\n{row}\n", Encoding.UTF8, "text/csv"), HttpStatusCode.OK, key: "ct-bulk-" + kind);
            Assert.Contains(",NG,", result, StringComparison.Ordinal);
        }

        await CallAsync(http, r2, HttpMethod.Post, $"{S}/bulk/switch-ins", new StringContent("supply_point_id\n0399999999999999999998\n", Encoding.UTF8, "text/csv"), HttpStatusCode.Conflict, key: "ct-bulk-switch-ins");
        await CallAsync(http, r2, HttpMethod.Get, $"{S}/bulk/applications", null, HttpStatusCode.OK);
    }

    private async Task OperatorAsync(HttpClient http, string op, string r1)
    {
        const string O = "api/v1/operator";
        await CallAsync(http, op, HttpMethod.Get, $"{O}/metering/status", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"{O}/metering/status", null, HttpStatusCode.Forbidden);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/metering/slots/{Day}/timeline", null, HttpStatusCode.OK);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/metering/slots/someday/timeline", null, HttpStatusCode.BadRequest);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/metering/activity", null, HttpStatusCode.OK);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/switching/summary", null, HttpStatusCode.OK);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/switching/applications/{attachedApplication}/attachments", null, HttpStatusCode.OK);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/switching/applications/A000/attachments", null, HttpStatusCode.NotFound);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/switching/applications/{attachedApplication}/attachments/1", null, HttpStatusCode.OK);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/switching/applications/{attachedApplication}/attachments/2", null, HttpStatusCode.NotFound);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/reconciliation/03", null);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/reconciliation/99", null, HttpStatusCode.BadRequest);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/audit/summary?date={DateOnly.FromDateTime(DateTime.UtcNow):yyyy-MM-dd}", null, HttpStatusCode.OK);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/audit/summary?date=today", null, HttpStatusCode.BadRequest);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/metering/alerts", null, HttpStatusCode.OK);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/switching/alerts", null, HttpStatusCode.OK);
        await CallAsync(http, op, HttpMethod.Get, $"{O}/gateway/alerts", null, HttpStatusCode.OK);
        await CallAsync(http, r1, HttpMethod.Get, $"{O}/gateway/alerts", null, HttpStatusCode.Forbidden);
    }

    /// <summary>
    /// Sends one request and checks its answer against the document (and the status the scenario expects, where it
    /// names one); a departure is collected, so one run lists them all. The body, for the scenario's next step.
    /// </summary>
    private async Task<string> CallAsync(
        HttpClient client, string? token, HttpMethod method, string relative, HttpContent? body, HttpStatusCode? expect = null, string? accept = null, string? key = null, string? query = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(relative + query, UriKind.Relative)) { Content = body };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await client.SendAsync(request);
        var path = "/" + relative.Split('?')[0];
        await CheckAsync(method, path, response, expect);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task CheckAsync(HttpMethod method, string path, HttpResponseMessage response, HttpStatusCode? expect = null)
    {
        var operation = contract.Find(method, path);
        if (operation is null)
        {
            failures.Add($"{method} {path}: no operation in the document");
            return;
        }

        called.Add(operation.Key);
        if (expect is { } expected && response.StatusCode != expected)
        {
            failures.Add($"{operation.Key} ({path}): expected {(int)expected}, answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync())}");
        }

        foreach (var error in await contract.CheckAsync(operation, response))
        {
            failures.Add($"{operation.Key} ({path}): {error}");
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
