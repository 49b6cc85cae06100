using System.Net;
using System.Text;
using System.Text.Json;
using Renkei.Switching.Api;
using Renkei.Switching.Tests.Support;
using static Renkei.Switching.Tests.Support.Harness;

namespace Renkei.Switching.Tests.Api;

/// <summary>Bodies the switching node cannot take, over real HTTP: each answered 400 problem details naming the field, and nothing stored.</summary>
public sealed class RequestBodyApiTests
{
    private static async Task<ApiHost> StartAsync() => await ApiHost.StartAsync(await Harness.StartAsync(new SqliteTestDatabase()));

    private static HttpRequestMessage Post(string path, string json, string key = "k1")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        return request;
    }

    private static async Task<(HttpStatusCode Status, string Text, JsonElement Problem)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, text, JsonDocument.Parse(text).RootElement);
    }

    private static async Task<int> CountApplicationsAsync(ApiHost api) =>
        JsonDocument.Parse(await api.Client(New).GetStringAsync("internal/v1/applications")).RootElement.GetArrayLength();

    [Fact]
    public async Task SwitchIn_ValueOfTheWrongType_400NamesFieldLineAndPosition()
    {
        await using var api = await StartAsync();

        var (status, _, problem) = await SendAsync(api.Client(New), Post("internal/v1/applications/switch-in", $"{{\n  \"supplyPointId\": \"{Point}\",\n  \"switchDate\": 20261215\n}}"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("$.switchDate", 3, 24), (problem.GetProperty("field").GetString(), problem.GetProperty("line").GetInt32(), problem.GetProperty("position").GetInt32()));
        Assert.DoesNotContain("Failed to read parameter", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("line 3", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountApplicationsAsync(api));
    }

    [Fact]
    public async Task SwitchIn_BrokenSyntax_400NamesLineAndPosition()
    {
        await using var api = await StartAsync();

        var (status, _, problem) = await SendAsync(api.Client(New), Post("internal/v1/applications/switch-in", $"{{\"supplyPointId\": \"{Point}\",\n\"switchDate\" \"2026-12-15\"}}"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(2, problem.GetProperty("line").GetInt32());
        Assert.True(problem.GetProperty("position").GetInt32() > 1);
    }

    [Fact]
    public async Task SwitchIn_DuplicateKey_Refused()
    {
        await using var api = await StartAsync();

        var (status, _, problem) = await SendAsync(api.Client(New), Post("internal/v1/applications/switch-in", $"{{\"supplyPointId\": \"{Point}\", \"supplyPointId\": \"{VacantPoint}\"}}"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("supplyPointId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountApplicationsAsync(api));
    }

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\u001b[31m")]
    [InlineData("\\u007f")]
    [InlineData("\\u0085")]
    [InlineData("\\t")]
    public async Task RelayRegistration_ControlCharacterInAText_400NamesTheField(string control)
    {
        await using var api = await StartAsync();
        var body = $"{{\"supplyPointId\": \"{Point}\", \"contractNumber\": \"C1\", \"holderName\": \"山田{control}太郎\", \"address\": \"東京都\", \"wishedDate\": \"2026-12-15\"}}";

        var (status, _, problem) = await SendAsync(api.Client(New), Post("internal/v1/cancellation-relays", body));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("$.holderName", problem.GetProperty("field").GetString());
        Assert.Contains("control character", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwitchIn_ThreeMegabyteId_ShortReply()
    {
        await using var api = await StartAsync();
        var id = new string('9', 3 * 1024 * 1024);

        var (status, text, problem) = await SendAsync(api.Client(New), Post("internal/v1/applications/switch-in", $"{{\"supplyPointId\": \"{id}\"}}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("supplyPointId", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.True(text.Length < 4096, $"the reply has {text.Length} characters");
    }

    private static HttpRequestMessage Csv(string path, string csv, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        request.Headers.Add(ApplicationsApi.IdempotencyHeader, key);
        return request;
    }

    [Fact]
    public async Task BulkSwitchIns_UnclosedQuote_ItsLineAndEveryOtherRowAnswered()
    {
        await using var api = await StartAsync();

        var response = await api.Client(New).SendAsync(Csv("internal/v1/bulk/switch-ins", $"supply_point_id,switch_date\n12345,2026-12-15\n\"{Point},2026-12-15\n{ConventionalPoint},someday\n", "file-1"));

        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["2,12345,NG", "3,,NG", $"4,{ConventionalPoint},NG"], text.TrimEnd('\n').Split('\n').Skip(1).Select(l => string.Join(',', l.Split(',').Take(3))));
        Assert.Equal(0, await CountApplicationsAsync(api));
    }
}
