using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Hosting.InternalAuth;
using Renkei.Switching.Api;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Api;

/// <summary>
/// 使用量照会パスワード from the TSO directly (<c>POST /internal/v1/operator/supply-points/{id}/consent-passwords</c>)
/// over real HTTP, against SQLite and PostgreSQL by the two derived classes: the customer checked against the
/// contract holder (山田太郎 at <see cref="Harness.Point"/>, current retailer <see cref="Harness.Old"/>), low voltage
/// only, the retailer-issued password's rules, the operator named in the audit trail.
/// </summary>
public abstract class TsoConsentPasswordApiTests
{
    private const string Operator = "olga";

    private static readonly string Path = $"internal/v1/operator/supply-points/{Point}/consent-passwords";

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<ApiHost> StartAsync() =>
        await ApiHost.StartAsync(await Harness.StartAsync(await CreateDatabaseAsync()));

    /// <summary>A client that calls as the gateway does for an operator's token: no retailer, the operator's name.</summary>
    private static HttpClient OperatorClient(ApiHost api)
    {
        var client = api.Client(null);
        client.DefaultRequestHeaders.Add(InternalHeaders.Operator, Operator);
        return client;
    }

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

    private static string[] CodesOf(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString() + " " + e.GetProperty("field").GetString())];

    [SkippableFact]
    public async Task Issue_CustomerMatchesTheHolder_PasswordShownOnceHashedAndAudited()
    {
        await using var api = await StartAsync();

        // The name with a space and the address in full-width digits and hyphen, as a customer may say them.
        var response = await OperatorClient(api).SendAsync(Post(Path, new { validity = "1m", holderName = "山田　太郎", address = "東京都千代田区丸の内１－１" }, "t1"));
        var body = await JsonOf(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var password = body.GetProperty("password").GetString()!;
        Assert.Equal(12, password.Length);
        Assert.Equal(Start.AddMonths(1), body.GetProperty("validUntil").GetDateTimeOffset());
        await using var db = api.Harness.Database.CreateContext();
        var row = await db.ConsentPasswords.SingleAsync();
        Assert.Equal(("tso", Point), (row.IssuedBy, row.SupplyPointId));
        Assert.DoesNotContain(password, row.Hash + row.Salt, StringComparison.Ordinal);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "consent-password-issued");
        Assert.Equal(("tso", Point), (audit.Actor, audit.SubjectId));
        Assert.Contains("operator olga", audit.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Issue_Repeated_AnswersWithoutThePasswordAndIssuesNoSecond()
    {
        await using var api = await StartAsync();
        var client = OperatorClient(api);
        var request = new { validity = "7d", holderName = "山田太郎", address = "東京都千代田区丸の内1-1" };

        var first = await client.SendAsync(Post(Path, request, "t1"));
        var again = await client.SendAsync(Post(Path, request, "t1"));
        var body = await JsonOf(again);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal("true", Assert.Single(again.Headers.GetValues(ApplicationsApi.ReplayedHeader)));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("password").ValueKind);
        await using var db = api.Harness.Database.CreateContext();
        Assert.Equal(1, await db.ConsentPasswords.CountAsync());
    }

    [SkippableFact]
    public async Task Issue_PasswordOpensUsageInformation_AsTheRetailerIssuedOneDoes()
    {
        await using var api = await StartAsync();
        var tso = await JsonOf(await OperatorClient(api).SendAsync(Post(Path, new { validity = "7d", holderName = "山田太郎", address = "東京都千代田区丸の内1-1" }, "t1")));
        var retailers = await JsonOf(await api.Client(Old).SendAsync(Post($"internal/v1/supply-points/{Point}/consent-passwords", new { validity = "7d" }, "p1")));

        var byTso = await api.Client(New).SendAsync(Post("internal/v1/applications/usage-information", new { supplyPointId = Point, password = tso.GetProperty("password").GetString() }, "u1"));
        var byRetailer = await api.Client(Third).SendAsync(Post("internal/v1/applications/usage-information", new { supplyPointId = Point, password = retailers.GetProperty("password").GetString() }, "u2"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (byTso.StatusCode, byRetailer.StatusCode));
        static string GrantOf(JsonElement g) => $"{g.GetProperty("supplyPointId")} {g.GetProperty("from")} {g.GetProperty("to")} {g.GetProperty("monthly")} {g.GetProperty("halfHourly")}";
        Assert.Equal(GrantOf(await JsonOf(byRetailer)), GrantOf(await JsonOf(byTso)));
    }

    [SkippableFact]
    public async Task Issue_NotLowVoltage_RefusedWithTheReasonAndAudited()
    {
        await using var api = await StartAsync();
        await using (var db = api.Harness.Database.CreateContext())
        {
            await db.SupplyPoints.Where(p => p.Id == Point).ExecuteUpdateAsync(s => s.SetProperty(p => p.VoltageClass, VoltageClasses.High));
        }

        var response = await OperatorClient(api).SendAsync(Post(Path, new { validity = "7d", holderName = "山田太郎", address = "東京都千代田区丸の内1-1" }, "t1"));
        var problem = await JsonOf(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["SW073 supplyPointId"], CodesOf(problem));
        Assert.Contains("high voltage", problem.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("低圧", problem.GetProperty("errors")[0].GetProperty("messageJa").GetString(), StringComparison.Ordinal);
        await using var check = api.Harness.Database.CreateContext();
        Assert.Equal(0, await check.ConsentPasswords.CountAsync());
        var audit = await check.AuditEntries.SingleAsync(a => a.Action == "consent-password-refused");
        Assert.Contains("operator olga: SW073", audit.Detail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Issue_CustomerDoesNotMatch_RefusedNamingEachField()
    {
        await using var api = await StartAsync();
        var client = OperatorClient(api);

        // The hub holds no phone for 山田太郎: a phone cannot identify him, the address can.
        var wrong = await client.SendAsync(Post(Path, new { validity = "7d", holderName = "山田花子", phone = "03-1234-5678", address = "東京都千代田区丸の内1-2" }, "t1"));
        var missing = await client.SendAsync(Post(Path, new { validity = "2w", holderName = " " }, "t2"));
        var noHolder = await client.SendAsync(Post($"internal/v1/operator/supply-points/{ThirdsPoint}/consent-passwords", new { validity = "7d", holderName = "山田太郎", phone = "0312345678" }, "t3"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Equal(["SW074 holderName", "SW074 phone", "SW074 address"], CodesOf(await JsonOf(wrong)));
        Assert.Equal(["SW072 validity", "SW074 holderName", "SW074 phone"], CodesOf(await JsonOf(missing)));
        Assert.Equal(["SW075 supplyPointId"], CodesOf(await JsonOf(noHolder)));
        await using var db = api.Harness.Database.CreateContext();
        Assert.Equal(0, await db.ConsentPasswords.CountAsync());
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Action == "consent-password-refused"));
    }

    [SkippableFact]
    public async Task Issue_WithoutOperatorOrKey_OrUnknownPoint_IsRefused()
    {
        await using var api = await StartAsync();
        var request = new { validity = "7d", holderName = "山田太郎", address = "東京都千代田区丸の内1-1" };

        // A retailer's call carries X-Renkei-Retailer, never X-Renkei-Operator: the hub does not take it as an operator.
        var asRetailer = await api.Client(Old).SendAsync(Post(Path, request, "t1"));
        var withoutKey = await OperatorClient(api).SendAsync(Post(Path, request, null));
        var unknown = await OperatorClient(api).SendAsync(Post("internal/v1/operator/supply-points/0300000000000000000999/consent-passwords", request, "t2"));

        Assert.Equal(HttpStatusCode.Unauthorized, asRetailer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await using var db = api.Harness.Database.CreateContext();
        Assert.Equal(0, await db.ConsentPasswords.CountAsync());
    }
}

public sealed class SqliteTsoConsentPasswordApiTests : TsoConsentPasswordApiTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresTsoConsentPasswordApiTests : TsoConsentPasswordApiTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
