using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Contracts;

namespace Renkei.Gateway.Tests.Access;

/// <summary>
/// Issue 4: "completing a switch ... is visible to the gateway's access decisions". End to end over real TLS and
/// real tokens: R2 applies for a switch-in of R1's point through the gateway, R1 files the switch-out, the real
/// switching node completes the switch, and the gateway's read model (fed by the switching node's contract feed)
/// moves the point from R1 to R2 on the switch date and not a day earlier.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class LiveSwitchTests(InternalZone zone)
{
    [Fact]
    public async Task SwitchCompletedThroughTheGateway_MovesTheAccessDecisionOnTheSwitchDate()
    {
        // A gateway of its own (its own audit log and read model): the shared one's audit is counted by other tests.
        await using var gateway = await TestGateway.StartAsync(zone);
        var client = gateway.Client();
        var newRetailer = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);
        var current = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var point = Market.LiveSwitch;

        using var switchIn = await PostAsync(client, newRetailer, "api/v1/switching/applications/switch-in", new { supplyPointId = point }, "live-in-" + Guid.NewGuid().ToString("N"));
        var switchInBody = await switchIn.Content.ReadAsStringAsync();
        Assert.True(switchIn.StatusCode == HttpStatusCode.Created, switchInBody);
        var date = DateOnly.Parse(JsonDocument.Parse(switchInBody).RootElement.GetProperty("switchDate").GetString()!, CultureInfo.InvariantCulture);
        var day = Text(date);
        var dayBefore = Text(date.AddDays(-1));

        // Before completion (the switch-in waits for the switch-out): the point is R1's on both days.
        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.OK),
            (await StatusAsync(client, newRetailer, point, dayBefore), await StatusAsync(client, newRetailer, point, day), await StatusAsync(client, current, point, dayBefore), await StatusAsync(client, current, point, day)));

        using var switchOut = await PostAsync(client, current, "api/v1/switching/applications/switch-out", new { supplyPointId = point, switchDate = day }, "live-out-" + Guid.NewGuid().ToString("N"));
        var switchOutBody = await switchOut.Content.ReadAsStringAsync();
        Assert.True(switchOut.StatusCode == HttpStatusCode.Created, switchOutBody);
        Assert.Equal("06", JsonDocument.Parse(switchOutBody).RootElement.GetProperty("status").GetString());

        // The switch-out answered 06: the switch is complete and its contract changes are in switching's feed. The
        // gateway's follower reads that feed (once a second in the background); one read of it here, to its end,
        // brings the read model up to the switch instead of waiting for the next tick.
        using var feedRead = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await gateway.App.Services.GetRequiredService<ContractFeedFollower>().SyncAsync(feedRead.Token);

        Assert.Equal(
            (HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound),
            (await StatusAsync(client, newRetailer, point, dayBefore), await StatusAsync(client, newRetailer, point, day), await StatusAsync(client, current, point, dayBefore), await StatusAsync(client, current, point, day)));
    }

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string token, string point, string date)
    {
        using var response = await TestGateway.GetIntervalsAsync(client, token, point, date);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string token, string path, object body, string idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
