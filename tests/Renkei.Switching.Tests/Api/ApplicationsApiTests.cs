using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Api;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Api;

/// <summary>The internal API over real HTTP, against SQLite and PostgreSQL by the two derived classes.</summary>
public abstract class ApplicationsApiTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<ApiHost> StartAsync(int extraRetailers = 0) =>
        await ApiHost.StartAsync(await Harness.StartAsync(await CreateDatabaseAsync(), extraRetailers));

    private static HttpRequestMessage Post(string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        }

        return request;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [SkippableFact]
    public async Task SwitchIn_Accepted_Answers201WithLocationAndStatusPollFindsIt()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);

        var response = await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, switchDate = "2026-12-15" }, "k1"));
        var body = await JsonOf(response);
        var poll = await client.GetAsync(response.Headers.Location);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("01", body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.Equal(body.GetProperty("number").GetString(), (await JsonOf(poll)).GetProperty("number").GetString());
    }

    [SkippableFact]
    public async Task SwitchIn_SeveralRulesFail_ProblemListsEveryRule()
    {
        await using var api = await StartAsync();

        var response = await api.Client(Old).SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, switchDate = "2026-11-30", relayNumber = "C000000000999" }, "k1"));
        var problem = await JsonOf(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new string?[] { "SW003", "SW006", "SW008" }, problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToArray());
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e =>
        {
            Assert.False(string.IsNullOrEmpty(e.GetProperty("field").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("messageJa").GetString()));
        });
        Assert.Equal("2026-12-02", problem.GetProperty("earliestDate").GetString());
    }

    [SkippableFact]
    public async Task SwitchIn_DryRun_Answers200WithDatesAndStoresNothing()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);

        var response = await client.SendAsync(Post("internal/v1/applications/switch-in?dryRun=true", new { supplyPointId = Point }, null));
        var body = await JsonOf(response);
        var list = await JsonOf(await client.GetAsync("internal/v1/applications"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Equal("2026-12-02", body.GetProperty("earliestDate").GetString());
        Assert.Equal("2026-12-15", body.GetProperty("effectiveDate").GetString());
        Assert.Equal(0, list.GetArrayLength());
    }

    /// <summary>Every kind with a dry run: a valid and an invalid request (caller, body), and a rule code the invalid one must fail.</summary>
    public static TheoryData<string, string, string, string, string, string> DryRunKinds => new()
    {
        { "applications/switch-out", Old, $$"""{"supplyPointId":"{{Point}}","switchDate":"2026-12-15"}""", Third, $$"""{"supplyPointId":"{{Point}}","switchDate":"2026-11-01"}""", "SW011" },
        { "applications/move-in", New, $$"""{"supplyPointId":"{{VacantPoint}}","startDate":"2026-11-27",{{Contents.MoveInJson}}}""", New, $$"""{"supplyPointId":"{{Point}}","startDate":"2026-09-01"}""", "SW014" },
        { "applications/move-out", Old, $$"""{"supplyPointId":"{{Point}}","endDate":"2026-11-30","removeFacilities":false,{{Contents.MoveOutJson}}}""", Old, $$"""{"supplyPointId":"{{Point}}","endDate":"2026-11-01","removeFacilities":false}""", "SW017" },
        { "applications/customer-details", Old, $$"""{"supplyPointId":"{{Point}}","customerNumber":"K-0009","name":"山田花子","address":"東京都千代田区丸の内1-1"}""", Third, $$"""{"supplyPointId":"{{Point}}","customerNumber":"K-0009","name":"山田花子","address":"東京都千代田区丸の内1-1"}""", "SW011" },
        { "applications/ampere-change", Old, $$"""{"supplyPointId":"{{Point}}","amperes":40,"changeDate":"2026-11-27"}""", Old, $$"""{"supplyPointId":"{{Point}}","amperes":45,"changeDate":"2026-11-27"}""", "SW018" },
        { "cancellation-relays", New, $$"""{"supplyPointId":"{{Point}}","contractNumber":"K-0001","holderName":"山田太郎","address":"東京都千代田区丸の内1-1","wishedDate":"2026-12-15"}""", New, $$"""{"supplyPointId":"{{Point}}","contractNumber":"","holderName":"山田太郎","address":"東京都千代田区丸の内1-1","wishedDate":"2026-12-15"}""", "SW021" },
    };

    [SkippableTheory]
    [MemberData(nameof(DryRunKinds))]
    public async Task DryRun_EveryKind_ChecksEveryRuleAndCommitsNothing(string path, string validCaller, string validBody, string invalidCaller, string invalidBody, string code)
    {
        await using var api = await StartAsync();
        var before = await StoreSnapshotAsync(api);

        using var valid = await api.Client(validCaller).PostAsync($"internal/v1/{path}?dryRun=true", new StringContent(validBody, System.Text.Encoding.UTF8, "application/json"));
        using var invalid = await api.Client(invalidCaller).PostAsync($"internal/v1/{path}?dryRun=true", new StringContent(invalidBody, System.Text.Encoding.UTF8, "application/json"));
        var validAnswer = await JsonOf(valid);
        var invalidAnswer = await JsonOf(invalid);

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.True(validAnswer.GetProperty("valid").GetBoolean(), validAnswer.GetRawText());
        Assert.Equal(0, validAnswer.GetProperty("errors").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.False(invalidAnswer.GetProperty("valid").GetBoolean());
        Assert.Contains(code, invalidAnswer.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        Assert.Equal(before, await StoreSnapshotAsync(api));
    }

    /// <summary>Row counts of every table a submission writes, and the facts of the point the requests name.</summary>
    private static async Task<string> StoreSnapshotAsync(ApiHost api)
    {
        await using var db = api.Harness.Database.CreateContext();
        var point = await db.SupplyPoints.AsNoTracking().SingleAsync(p => p.Id == Point);
        var holder = await db.ContractHolders.AsNoTracking().Where(h => h.SupplyPointId == Point).Select(h => h.Name + "|" + h.CustomerNumber).ToListAsync();
        return string.Join(
            ";",
            await db.Applications.CountAsync(),
            await db.CancellationRelays.CountAsync(),
            await db.WheelingContracts.CountAsync(),
            await db.AuditEntries.CountAsync(),
            await db.IdempotencyRecords.CountAsync(),
            await db.RetailerEvents.CountAsync(),
            point.ContractAmperes,
            string.Join(",", holder));
    }

    [SkippableFact]
    public async Task SwitchIn_RepeatedKey_ReturnsFirstResultMarkedReplayed()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);

        var first = await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point }, "same"));
        var again = await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point }, "same"));

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal("true", again.Headers.GetValues(ApplicationsApi.ReplayedHeader).Single());
    }

    [SkippableFact]
    public async Task SwitchIn_NoIdempotencyKey_Answers400()
    {
        await using var api = await StartAsync();

        var response = await api.Client(New).SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point }, null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(ApplicationsApi.IdempotencyHeader, (await JsonOf(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SwitchIn_NoRetailerHeader_Answers401()
    {
        await using var api = await StartAsync();

        var response = await api.Client(null).SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point }, "k"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [SkippableFact]
    public async Task Application_OfAnotherRetailer_Answers404LikeAMissingOne()
    {
        await using var api = await StartAsync();
        var created = await api.Client(New).SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point }, "k"));

        var other = await api.Client(Third).GetAsync(created.Headers.Location);
        var missing = await api.Client(Third).GetAsync(new Uri("internal/v1/applications/A999999999999", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.DoesNotContain(New, await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ParallelSwitchInRequests_SamePoint_ExactlyOneWins()
    {
        await using var api = await StartAsync(extraRetailers: 8);
        var clients = Enumerable.Range(0, 8).Select(i => api.Client(RetailerCodeOf(i))).ToArray();

        var responses = await Task.WhenAll(clients.Select((c, i) =>
            c.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, switchDate = "2026-12-15" }, "k" + i))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, loser.StatusCode);
            Assert.Equal("SW005", (await JsonOf(loser)).GetProperty("errors")[0].GetProperty("code").GetString());
        }
    }

    [SkippableFact]
    public async Task RelayFlow_OverHttp_CompletesSwitchAndFeedShowsItAtOnce()
    {
        await using var api = await StartAsync();
        var newRetailer = api.Client(New);
        var oldRetailer = api.Client(Old);
        var feedBefore = await JsonOf(await newRetailer.GetAsync("internal/v1/wheeling-contracts/changes?after=0"));

        var relay = await JsonOf(await newRetailer.SendAsync(Post("internal/v1/cancellation-relays", new
        {
            supplyPointId = Point,
            contractNumber = "K-0001",
            holderName = "山田太郎",
            address = "東京都千代田区丸の内1-1",
            wishedDate = "2026-12-15",
        }, "r")));
        var number = relay.GetProperty("number").GetString();
        var inquiry = await JsonOf(await oldRetailer.GetAsync("internal/v1/cancellation-relays"));
        var decision = await oldRetailer.SendAsync(Post($"internal/v1/cancellation-relays/{number}/decision", new { decision = "01" }, "d"));
        var switchIn = await newRetailer.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, relayNumber = number }, "in"));
        var result = await JsonOf(await newRetailer.GetAsync($"internal/v1/cancellation-relays/{number}"));
        var feed = await JsonOf(await newRetailer.GetAsync($"internal/v1/wheeling-contracts/changes?after={feedBefore.GetProperty("next").GetInt64()}"));

        Assert.Equal(number, inquiry[0].GetProperty("number").GetString());
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        Assert.Equal("06", (await JsonOf(switchIn)).GetProperty("status").GetString());
        Assert.Equal("04", result.GetProperty("status").GetString());
        var items = feed.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.Equal("2026-12-15", items[0].GetProperty("endDate").GetString());
        Assert.Equal(New, items[1].GetProperty("retailerCode").GetString());
    }

    [SkippableTheory]
    [InlineData("internal/v1/wheeling-contracts/changes?after=x&limit=2", "after")]
    [InlineData("internal/v1/wheeling-contracts/changes?after=0&limit=abc", "limit")]
    [InlineData("internal/v1/applications?limit=abc", "limit")]
    [InlineData("internal/v1/notifications?limit=1.5", "limit")]
    public async Task QueryParameterOfTheWrongType_ProblemDetailsNamingIt(string path, string parameter)
    {
        await using var api = await StartAsync();

        using var response = await api.Client(Old).GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonOf(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains($" {parameter}\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("traceId", out _));
    }

    [SkippableFact]
    public async Task ChangeFeed_Json_KeepsTheShapeTheGatewayReads()
    {
        await using var api = await StartAsync();

        var feed = await JsonOf(await api.Client(null).GetAsync("internal/v1/wheeling-contracts/changes?after=0&limit=2"));

        Assert.Equal(["items", "next"], feed.EnumerateObject().Select(p => p.Name).ToArray());
        var item = feed.GetProperty("items")[0];
        Assert.Equal(["seq", "contractId", "supplyPointId", "retailerCode", "startDate", "endDate", "readingSchedule"], item.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("2016-04-01", item.GetProperty("startDate").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("endDate").ValueKind);
        Assert.Equal(2, feed.GetProperty("items").GetArrayLength());
        Assert.Equal(feed.GetProperty("items")[1].GetProperty("seq").GetInt64(), feed.GetProperty("next").GetInt64());
    }

    [SkippableFact]
    public async Task ReadingScheduleFeed_Json_TheShapeTheMeteringNodeReads()
    {
        await using var api = await StartAsync();
        var imported = await Renkei.Switching.Market.ReadingScheduleImport.ImportAsync(
            api.Harness.Context(), System.Text.Encoding.UTF8.GetBytes("area,schedule_code,year_month,reading_date\n03,08,2026-12,2026-12-03\n06,01,2026-12,2026-12-01\n"));

        var feed = await JsonOf(await api.Client(null).GetAsync("internal/v1/reading-schedules/changes?after=1&limit=10"));
        using var bad = await api.Client(null).GetAsync("internal/v1/reading-schedules/changes?after=0&limit=0");

        Assert.True(imported.Accepted);
        Assert.Equal(["items", "next"], feed.EnumerateObject().Select(p => p.Name).ToArray());
        var item = feed.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(["seq", "area", "scheduleCode", "yearMonth", "readingDate"], item.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(("06", "01", "2026-12", "2026-12-01", 2L), (item.GetProperty("area").GetString(), item.GetProperty("scheduleCode").GetString(), item.GetProperty("yearMonth").GetString(), item.GetProperty("readingDate").GetString(), feed.GetProperty("next").GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [SkippableFact]
    public async Task BulkDownload_RejectedRelaySwitchIn_CarriesRelayNumberAndNgReasons()
    {
        await using var api = await StartAsync();
        var newRetailer = api.Client(New);
        var relay = await JsonOf(await newRetailer.SendAsync(Post("internal/v1/cancellation-relays", new
        {
            supplyPointId = Point,
            contractNumber = "K-0001",
            holderName = "山田太郎",
            address = "東京都千代田区丸の内1-1",
            wishedDate = "2026-12-15",
        }, "r")));
        var number = relay.GetProperty("number").GetString();
        await newRetailer.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, relayNumber = number }, "in"));
        await api.Client(Old).SendAsync(Post($"internal/v1/cancellation-relays/{number}/decision", new { decision = "02", ngReasons = new[] { 2, 5 } }, "d"));

        var csv = await newRetailer.GetStringAsync(new Uri("internal/v1/bulk/applications", UriKind.Relative));
        var row = csv.Split('\n')[1].Split(',');

        Assert.StartsWith("application_number,kind,supply_point_id,status", csv, StringComparison.Ordinal);
        Assert.Equal(("IF_10610", "09", number, "03", "2 5", "SW033"), (row[1], row[3], row[8], row[9], row[10], row[11]));
    }

    [SkippableFact]
    public async Task Facility_KnownPoint_AnswersFacilityFactsWithNextReadingDay()
    {
        await using var api = await StartAsync();

        var facility = await JsonOf(await api.Client(New).GetAsync($"internal/v1/supply-points/{ConventionalPoint}/facility"));

        Assert.Equal("conventional", facility.GetProperty("meterType").GetString());
        Assert.Equal("2026-12-15", facility.GetProperty("nextReadingDay").GetString());
        Assert.True(facility.GetProperty("remoteReading").GetBoolean());
    }

    [SkippableFact]
    public async Task Search_AddressAndHolderName_AnswersOnlyIdAndAddressAndIsAudited()
    {
        await using var api = await StartAsync();

        var hits = await JsonOf(await api.Client(New).GetAsync(new Uri("internal/v1/supply-points/search?address=" + Uri.EscapeDataString("千代田区丸の内") + "&holderName=" + Uri.EscapeDataString("山田 太郎"), UriKind.Relative)));
        var wrongName = await JsonOf(await api.Client(New).GetAsync(new Uri("internal/v1/supply-points/search?address=" + Uri.EscapeDataString("千代田区丸の内") + "&holderName=" + Uri.EscapeDataString("山田花子"), UriKind.Relative)));

        var hit = Assert.Single(hits.EnumerateArray());
        Assert.Equal(["supplyPointId", "address"], hit.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(Point, hit.GetProperty("supplyPointId").GetString());
        Assert.Equal(0, wrongName.GetArrayLength());
        Assert.Equal(2, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(api.Harness.Context().AuditEntries, e => e.Action == "search" && e.Actor == New));
    }

    [SkippableFact]
    public async Task Search_MissingTerms_ProblemListsBoth()
    {
        await using var api = await StartAsync();

        var response = await api.Client(New).GetAsync(new Uri("internal/v1/supply-points/search", UriKind.Relative));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["address", "holderName"], (await JsonOf(response)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToArray());
    }

    [SkippableFact]
    public async Task Search_AboveLimitPerMinute_Answers429ForThatRetailerOnly()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var uri = new Uri("internal/v1/supply-points/search?address=abcd&holderName=x", UriKind.Relative);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= SupplyPointsApi.SearchesPerMinute; i++)
        {
            statuses.Add((await client.GetAsync(uri)).StatusCode);
        }

        var other = await api.Client(Third).GetAsync(uri);

        Assert.All(statuses.Take(SupplyPointsApi.SearchesPerMinute), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [SkippableFact]
    public async Task OpenApi_Document_ListsTheApplicationEndpoints()
    {
        await using var api = await StartAsync();

        var document = await JsonOf(await api.Client(null).GetAsync(new Uri("internal/v1/openapi/switching.json", UriKind.Relative)));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/internal/v1/applications/switch-in", paths);
        Assert.Contains("/internal/v1/cancellation-relays/{number}/decision", paths);
        Assert.Contains("/internal/v1/wheeling-contracts/changes", paths);

        // Every submission declares the Idempotency-Key it requires; a read and the acknowledgement do not.
        static bool Keyed(JsonElement document, string path, string method) =>
            document.GetProperty("paths").GetProperty(path).GetProperty(method).TryGetProperty("parameters", out var parameters)
            && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == ApplicationsApi.IdempotencyHeader && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean());
        Assert.True(Keyed(document, "/internal/v1/applications/{number}/withdraw", "post"));
        Assert.True(Keyed(document, "/internal/v1/supply-points/{id}/consent-passwords", "post"));
        Assert.True(Keyed(document, "/internal/v1/cancellation-relays/{number}/decision", "post"));
        Assert.True(Keyed(document, "/internal/v1/applications/switch-in", "post"));
        Assert.False(Keyed(document, "/internal/v1/notifications/ack", "post"));
        Assert.False(Keyed(document, "/internal/v1/applications/{number}", "get"));

        // Every outcome of a submission is in the document: created, the dry run's answer, and the problems.
        var outcomes = document.GetProperty("paths").GetProperty("/internal/v1/applications/switch-in").GetProperty("post").GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
        Assert.Equal(["200", "201", "400", "401", "409", "422"], outcomes.Order(StringComparer.Ordinal));
    }

}

public sealed class SqliteApplicationsApiTests : ApplicationsApiTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresApplicationsApiTests : ApplicationsApiTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
