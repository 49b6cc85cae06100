using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Proxy;

/// <summary>Requests the gateway or a node behind it cannot read, through the gateway: problem details naming why, never an empty answer.</summary>
[Collection(InternalZoneCollection.Name)]
public sealed class RequestProblemsTests(InternalZone zone)
{
    private const string SwitchIn = "api/v1/switching/applications/switch-in";

    private async Task<(HttpStatusCode Status, string? MediaType, JsonElement Problem)> PostAsync(string path, string json)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", "gw-problem-" + Guid.NewGuid().ToString("N"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task SwitchIn_ValueOfTheWrongType_400NamesFieldLineAndPosition()
    {
        var (status, mediaType, problem) = await PostAsync(SwitchIn, $"{{\"supplyPointId\": \"{Market.R3Only}\",\n\"switchDate\": true}}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal(("$.switchDate", 2), (problem.GetProperty("field").GetString(), problem.GetProperty("line").GetInt32()));
        Assert.True(problem.GetProperty("position").GetInt32() > 0);
    }

    [Fact]
    public async Task SwitchIn_DuplicateKey_400()
    {
        var (status, mediaType, problem) = await PostAsync(SwitchIn, $"{{\"supplyPointId\": \"{Market.R3Only}\", \"supplyPointId\": \"{Market.R3Only}\"}}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Contains("supplyPointId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
