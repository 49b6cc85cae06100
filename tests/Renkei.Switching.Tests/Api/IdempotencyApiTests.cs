using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Api;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Api;

/// <summary>
/// The submissions that took no Idempotency-Key (the withdrawals, the consent-password issue) or took one only if
/// sent (IS_20410, IF_10210) now require it: without it 400 problem details naming the header and nothing changes;
/// a repeat answers the first result and changes nothing more; the key with another request answers 409 SW090.
/// Over real HTTP, against SQLite and PostgreSQL.
/// </summary>
public abstract class IdempotencyApiTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<ApiHost> StartAsync() => await ApiHost.StartAsync(await Harness.StartAsync(await CreateDatabaseAsync()));

    private static HttpRequestMessage Post(string path, object? body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        }

        return request;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task AssertMissingKeyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonOf(response);
        Assert.Equal("Missing idempotency key", problem.GetProperty("title").GetString());
        Assert.Contains(ApplicationsApi.IdempotencyHeader, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues(ApplicationsApi.ReplayedHeader, out var values) && values.Single() == "true";

    private static async Task<int> AuditCountAsync(ApiHost api, string subjectId)
    {
        await using var db = api.Harness.Context();
        return await db.AuditEntries.CountAsync(a => a.SubjectId == subjectId);
    }

    private static async Task<string> SwitchInAsync(HttpClient client, string key) =>
        (await JsonOf(await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point }, key)))).GetProperty("number").GetString()!;

    private static async Task<string> RelayAsync(HttpClient client, string key) =>
        (await JsonOf(await client.SendAsync(Post(
            "internal/v1/cancellation-relays",
            new { supplyPointId = Point, contractNumber = "K-0001", holderName = "山田太郎", address = "東京都千代田区丸の内1-1", wishedDate = "2026-12-15" },
            key)))).GetProperty("number").GetString()!;

    [SkippableFact]
    public async Task ApplicationWithdrawal_KeyRequired_RepeatAnswersFirstResultOnce()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var number = await SwitchInAsync(client, "in-1");
        var path = $"internal/v1/applications/{number}/withdraw";

        var withoutKey = await client.SendAsync(Post(path, null, null));
        var statusAfterRefusal = (await JsonOf(await client.GetAsync($"internal/v1/applications/{number}"))).GetProperty("status").GetString();
        var first = await client.SendAsync(Post(path, null, "w1"));
        var auditAfterFirst = await AuditCountAsync(api, number);
        var repeat = await client.SendAsync(Post(path, null, "w1"));
        var sameKeyOtherRequest = await client.SendAsync(Post($"internal/v1/applications/{await SwitchInAsync(client, "in-2")}/withdraw", null, "w1"));

        await AssertMissingKeyAsync(withoutKey);
        Assert.Equal(ApplicationStatus.Received, statusAfterRefusal);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(ApplicationStatus.Withdrawn, (await JsonOf(first)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.True(Replayed(repeat));
        Assert.Equal((await JsonOf(first)).GetRawText(), (await JsonOf(repeat)).GetRawText());
        Assert.Equal(auditAfterFirst, await AuditCountAsync(api, number));
        Assert.Equal(HttpStatusCode.Conflict, sameKeyOtherRequest.StatusCode);
        Assert.Equal(ApplicationPipeline.IdempotencyConflictCode, (await JsonOf(sameKeyOtherRequest)).GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [SkippableFact]
    public async Task RelayWithdrawal_KeyRequired_RepeatAnswersFirstResultOnce()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var number = await RelayAsync(client, "r1");
        var path = $"internal/v1/cancellation-relays/{number}/withdraw";

        var withoutKey = await client.SendAsync(Post(path, null, null));
        var statusAfterRefusal = (await JsonOf(await client.GetAsync($"internal/v1/cancellation-relays/{number}"))).GetProperty("status").GetString();
        var first = await client.SendAsync(Post(path, null, "w1"));
        var auditAfterFirst = await AuditCountAsync(api, number);
        var repeat = await client.SendAsync(Post(path, null, "w1"));

        await AssertMissingKeyAsync(withoutKey);
        Assert.Equal(RelayStatus.AwaitingDecision, statusAfterRefusal);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(RelayStatus.Withdrawn, (await JsonOf(first)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.True(Replayed(repeat));
        Assert.Equal((await JsonOf(first)).GetRawText(), (await JsonOf(repeat)).GetRawText());
        Assert.Equal(auditAfterFirst, await AuditCountAsync(api, number));
    }

    [SkippableFact]
    public async Task RelayDecision_KeyRequired_RepeatAnswersFirstResultOnce()
    {
        await using var api = await StartAsync();
        var number = await RelayAsync(api.Client(New), "r1");
        var old = api.Client(Old);
        var path = $"internal/v1/cancellation-relays/{number}/decision";

        var withoutKey = await old.SendAsync(Post(path, new { decision = "01" }, null));
        var statusAfterRefusal = (await JsonOf(await old.GetAsync($"internal/v1/cancellation-relays/{number}"))).GetProperty("status").GetString();
        var first = await old.SendAsync(Post(path, new { decision = "01" }, "d1"));
        var auditAfterFirst = await AuditCountAsync(api, number);
        var switchOuts = await CountAsync(api, a => a.Kind == ApplicationKinds.SwitchOut);
        var repeat = await old.SendAsync(Post(path, new { decision = "01" }, "d1"));
        var otherBody = await old.SendAsync(Post(path, new { decision = "02", ngReasons = new[] { 2 } }, "d1"));

        await AssertMissingKeyAsync(withoutKey);
        Assert.Equal(RelayStatus.AwaitingDecision, statusAfterRefusal);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.True(Replayed(repeat));
        Assert.Equal((await JsonOf(first)).GetRawText(), (await JsonOf(repeat)).GetRawText());
        Assert.Equal(auditAfterFirst, await AuditCountAsync(api, number));
        Assert.Equal(1, switchOuts);
        Assert.Equal(1, await CountAsync(api, a => a.Kind == ApplicationKinds.SwitchOut));
        Assert.Equal(HttpStatusCode.Conflict, otherBody.StatusCode);
    }

    [SkippableFact]
    public async Task ConsentPasswordAndUsageInformation_KeyRequired_RepeatIssuesNoSecondPasswordAndNoSecondApplication()
    {
        await using var api = await StartAsync();
        var old = api.Client(Old);
        var newRetailer = api.Client(New);
        var issuePath = $"internal/v1/supply-points/{Point}/consent-passwords";

        var issueWithoutKey = await old.SendAsync(Post(issuePath, new { validity = "7d" }, null));
        var passwordsAfterRefusal = await PasswordCountAsync(api);
        var first = await old.SendAsync(Post(issuePath, new { validity = "7d" }, "p1"));
        var repeat = await old.SendAsync(Post(issuePath, new { validity = "7d" }, "p1"));
        var otherBody = await old.SendAsync(Post(issuePath, new { validity = "1d" }, "p1"));
        var issued = await JsonOf(first);
        var replayed = await JsonOf(repeat);
        var password = issued.GetProperty("password").GetString();

        var applyWithoutKey = await newRetailer.SendAsync(Post("internal/v1/applications/usage-information", new { supplyPointId = Point, password }, null));
        var usageAfterRefusal = await CountAsync(api, a => a.Kind == ApplicationKinds.UsageInformation);
        var applied = await newRetailer.SendAsync(Post("internal/v1/applications/usage-information", new { supplyPointId = Point, password }, "u1"));
        var appliedAgain = await newRetailer.SendAsync(Post("internal/v1/applications/usage-information", new { supplyPointId = Point, password }, "u1"));

        await AssertMissingKeyAsync(issueWithoutKey);
        Assert.Equal(0, passwordsAfterRefusal);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(12, password!.Length);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.True(Replayed(repeat));
        Assert.True(replayed.TryGetProperty("password", out var shown) is false || shown.ValueKind == JsonValueKind.Null, "a repeat never shows the password again");
        Assert.Equal(issued.GetProperty("validUntil").GetString(), replayed.GetProperty("validUntil").GetString());
        Assert.Equal(1, await PasswordCountAsync(api));
        Assert.Equal(HttpStatusCode.Conflict, otherBody.StatusCode);

        await AssertMissingKeyAsync(applyWithoutKey);
        Assert.Equal(0, usageAfterRefusal);
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        Assert.Equal(HttpStatusCode.Created, appliedAgain.StatusCode);
        Assert.True(Replayed(appliedAgain));
        Assert.Equal((await JsonOf(applied)).GetProperty("applicationNumber").GetString(), (await JsonOf(appliedAgain)).GetProperty("applicationNumber").GetString());
        Assert.Equal(1, await CountAsync(api, a => a.Kind == ApplicationKinds.UsageInformation));
    }

    private static async Task<int> CountAsync(ApiHost api, System.Linq.Expressions.Expression<Func<Application, bool>> where)
    {
        await using var db = api.Harness.Context();
        return await db.Applications.CountAsync(where);
    }

    private static async Task<int> PasswordCountAsync(ApiHost api)
    {
        await using var db = api.Harness.Context();
        return await db.ConsentPasswords.CountAsync(p => p.SupplyPointId == Point);
    }
}

public sealed class SqliteIdempotencyApiTests : IdempotencyApiTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresIdempotencyApiTests : IdempotencyApiTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
