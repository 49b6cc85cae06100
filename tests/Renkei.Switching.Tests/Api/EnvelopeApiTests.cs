using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Renkei.Switching.Api;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Api;

/// <summary>
/// The market's request envelope over real HTTP: 更新フラグ 2/3 on a kind's route is the application's correction or
/// withdrawal, a kind that disagrees with the route or the application is refused naming both, and bulk files take the
/// envelope's columns; against SQLite and PostgreSQL.
/// </summary>
public abstract class EnvelopeApiTests
{
    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    private async Task<ApiHost> StartAsync() => await ApiHost.StartAsync(await Harness.StartAsync(await CreateDatabaseAsync()));

    private static HttpRequestMessage Post(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        return request;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static string[] Codes(JsonElement problem) => [.. problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()!)];

    [SkippableFact]
    public async Task Flag3OnTheKindsRoute_WithdrawsTheApplication()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var number = (await JsonOf(await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, envelope = new { applicationKind = "05", updateFlag = "1" } }, "k1")))).GetProperty("number").GetString();

        var withdrawn = await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, envelope = new { applicationKind = "05", updateFlag = "3", applicationNumber = number } }, "k2"));
        var poll = await JsonOf(await client.GetAsync($"internal/v1/applications/{number}"));

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(ApplicationStatus.Withdrawn, (await JsonOf(withdrawn)).GetProperty("status").GetString());
        Assert.Equal(ApplicationStatus.Withdrawn, poll.GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task Flag3OnAnotherKindsRoute_RefusedNamingBoth_ApplicationUnchanged()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var number = (await JsonOf(await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point }, "k1")))).GetProperty("number").GetString();

        var wrongCode = await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, envelope = new { applicationKind = "03", updateFlag = "3", applicationNumber = number } }, "k2"));
        var wrongRoute = await client.SendAsync(Post("internal/v1/applications/switch-out", new { supplyPointId = Point, envelope = new { applicationKind = "03", updateFlag = "3", applicationNumber = number } }, "k3"));
        var noNumber = await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, envelope = new { updateFlag = "3" } }, "k4"));
        var otherRetailer = await api.Client(Third).SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, envelope = new { updateFlag = "3", applicationNumber = number } }, "k5"));
        var poll = await JsonOf(await client.GetAsync($"internal/v1/applications/{number}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongCode.StatusCode);
        var problem = await JsonOf(wrongCode);
        Assert.Equal(["SW121"], Codes(problem));
        Assert.Contains("IF_10710", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("IF_10610", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongRoute.StatusCode);
        var routeProblem = await JsonOf(wrongRoute);
        Assert.Equal(["SW121"], Codes(routeProblem));
        Assert.Contains(number!, routeProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noNumber.StatusCode);
        Assert.Equal(["SW120"], Codes(await JsonOf(noNumber)));
        Assert.Equal(HttpStatusCode.NotFound, otherRetailer.StatusCode);
        Assert.Equal(ApplicationStatus.Received, poll.GetProperty("status").GetString());
    }

    [SkippableFact]
    public async Task Flag2OnTheKindsRoute_CorrectsTheReturnedApplication()
    {
        await using var api = await StartAsync();
        var client = api.Client(New);
        var number = (await JsonOf(await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point }, "k1")))).GetProperty("number").GetString();
        var returned = await api.Client(null).SendAsync(new HttpRequestMessage(HttpMethod.Post, $"internal/v1/tso/applications/{number}/return") { Content = JsonContent.Create(new { reason = "switch date" }) });

        var corrected = await client.SendAsync(Post("internal/v1/applications/switch-in", new { supplyPointId = Point, switchDate = "2026-12-22", envelope = new { applicationKind = "05", updateFlag = "2", applicationNumber = number } }, "c1"));

        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var view = await JsonOf(corrected);
        Assert.Equal((number, ApplicationStatus.InProgress, "2026-12-22"), (view.GetProperty("number").GetString(), view.GetProperty("status").GetString(), view.GetProperty("switchDate").GetString()));
    }

    [SkippableFact]
    public async Task BulkFile_EnvelopeColumns_KindCheckedPerRow()
    {
        await using var api = await StartAsync();
        var file = $"supply_point_id,switch_date,申込種別,更新フラグ\n{Point},2026-12-15,05,1\n{ConventionalPoint},2026-12-15,03,1\n{VacantPoint},2026-12-15,05,3\n";
        var request = new HttpRequestMessage(HttpMethod.Post, "internal/v1/bulk/switch-ins") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(file)) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, "file-1");

        var response = await api.Client(New).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var rows = text.TrimEnd('\n').Split('\n').Select(l => l.Split(',')).ToArray();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal(("OK", ""), (rows[1][2], rows[1][6]));
        Assert.Equal(("NG", "SW121", "application_kind"), (rows[2][2], rows[2][6], rows[2][7]));
        Assert.Equal("NG", rows[3][2]);
        Assert.Contains("SW122", rows[3][6], StringComparison.Ordinal);
    }
}

public sealed class SqliteEnvelopeApiTests : EnvelopeApiTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresEnvelopeApiTests : EnvelopeApiTests
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
