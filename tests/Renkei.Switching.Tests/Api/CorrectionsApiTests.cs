using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Renkei.Switching.Api;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Api;

/// <summary>差戻し/訂正, 廃止取次 withdrawal and scheduled ampere changes over real HTTP, against SQLite and PostgreSQL.</summary>
public abstract class CorrectionsApiTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<ApiHost> StartAsync() => await ApiHost.StartAsync(await Harness.StartAsync(await CreateDatabaseAsync()));

    private static HttpRequestMessage Post(string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        }

        return request;
    }

    private static HttpRequestMessage PostEmpty(string path, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        return request;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [SkippableFact]
    public async Task Correction_ReturnedByTso_CorrectedWithKeyAndReplayed()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var number = (await JsonOf(await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point }, "k1")))).GetProperty("number").GetString();

        var returned = await api.Client(null).SendAsync(Post($"internal/v1/tso/applications/{number}/return", new { reason = "switch date" }, null));
        var poll = await JsonOf(await client.GetAsync($"internal/v1/applications/{number}"));
        var withoutKey = await client.SendAsync(Post($"internal/v1/applications/{number}/correction", new { supplyPointId = Point, switchDate = "2026-12-22" }, null));
        var corrected = await client.SendAsync(Post($"internal/v1/applications/{number}/correction", new { supplyPointId = Point, switchDate = "2026-12-22" }, "c1"));
        var again = await client.SendAsync(Post($"internal/v1/applications/{number}/correction", new { supplyPointId = Point, switchDate = "2026-12-22" }, "c1"));

        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        Assert.Equal("03", poll.GetProperty("status").GetString());
        Assert.Contains("correction", poll.GetProperty("waitingFor").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal("04", (await JsonOf(corrected)).GetProperty("status").GetString());
        Assert.Equal("true", again.Headers.GetValues(ApplicationsApi.ReplayedHeader).Single());
    }

    [SkippableFact]
    public async Task Correction_NotReturned_ProblemListsEveryRuleAndOtherRetailerGets404()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var number = (await JsonOf(await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point }, "k1")))).GetProperty("number").GetString();

        var response = await client.SendAsync(Post($"internal/v1/applications/{number}/correction", new { supplyPointId = VacantPoint, switchDate = "2026-11-30" }, "c1"));
        var problem = await JsonOf(response);
        var other = await api.Client(Third).SendAsync(Post($"internal/v1/applications/{number}/correction", new { supplyPointId = Point }, "c1"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var codes = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToArray();
        Assert.Contains("SW043", codes);
        Assert.Contains("SW044", codes);
        Assert.Contains("SW004", codes);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [SkippableFact]
    public async Task RelayWithdrawal_ByNewRetailer_WithdrawnAndCurrentRetailerCannot()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var relay = await JsonOf(await client.SendAsync(Post(
            "internal/v1/cancellation-relays",
            new { supplyPointId = Point, contractNumber = "K-0001", holderName = "山田太郎", address = "東京都千代田区丸の内1-1", wishedDate = "2026-12-15" },
            "r1")));
        var number = relay.GetProperty("number").GetString();

        var byOld = await api.Client(Old).SendAsync(PostEmpty($"internal/v1/cancellation-relays/{number}/withdraw", "w1"));
        var byNew = await client.SendAsync(PostEmpty($"internal/v1/cancellation-relays/{number}/withdraw", "w1"));
        var twice = await client.SendAsync(PostEmpty($"internal/v1/cancellation-relays/{number}/withdraw", "w2"));

        Assert.Equal(HttpStatusCode.NotFound, byOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byNew.StatusCode);
        Assert.Equal("07", (await JsonOf(byNew)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Equal("SW046", (await JsonOf(twice)).GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [SkippableFact]
    public async Task AmpereChange_FutureDate_FacilityReportsTheScheduledChange()
    {
        await using var api = await StartAsync();
        var client = api.Client(Old);

        var response = await client.SendAsync(Post("internal/v1/applications/ampere-change", new { supplyPointId = Point, amperes = 50, changeDate = "2026-12-10" }, "a1"));
        var facility = await JsonOf(await api.Client(New).GetAsync($"internal/v1/supply-points/{Point}/facility"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("01", (await JsonOf(response)).GetProperty("status").GetString());
        Assert.Equal(50, facility.GetProperty("scheduledAmperes").GetInt32());
        Assert.Equal("2026-12-10", facility.GetProperty("scheduledAmperesDate").GetString());
        Assert.Equal(JsonValueKind.Null, facility.GetProperty("contractAmperes").ValueKind);
    }
}

public sealed class SqliteCorrectionsApiTests : CorrectionsApiTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresCorrectionsApiTests : CorrectionsApiTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
