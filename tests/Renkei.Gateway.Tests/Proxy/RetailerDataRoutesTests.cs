using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Formats.Reads;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Audit;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Gateway.Tests.Proxy;

/// <summary>
/// The retailer bulk data routes through the real gateway over TLS onto the real metering node, which selects the
/// supply points from the retailer code the gateway takes from the token and its own copy of the wheeling
/// contracts (followed from switching's feed): each retailer sees its own points only, spoofing the retailer
/// header changes nothing, another retailer's file is 404, and every access leaves its audit entry.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class RetailerDataRoutesTests(InternalZone zone) : IAsyncLifetime
{
    /// <summary>Yesterday in JST: inside the metering node's in-memory window whatever day the tests run.</summary>
    private static readonly DateOnly Day = DateOnly.FromDateTime(Jst.ToJst(DateTimeOffset.UtcNow).Date).AddDays(-1);

    private static readonly string DayText = Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task InitializeAsync()
    {
        // Reads for the day's first slots of every meter, and the slots closed (again, if the closer already did).
        var engine = zone.Metering.Services.GetRequiredService<IntervalEngine>();
        var registry = zone.Metering.Services.GetRequiredService<MeterRegistry>();
        var reads = new List<MeterRead>();
        for (var o = 0; o < registry.Count; o++)
        {
            for (var k = 0; k <= 2; k++)
            {
                reads.Add(new MeterRead(1, o, Jst.StartOfDay(Day).AddMinutes(30 * k).UtcTicks, 1_000_000 + (k * 1000), Direction.Import));
            }
        }

        engine.Ingest(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(reads), []);
        engine.CloseSlot(new Slot(Day, 1));
        engine.CloseSlot(new Slot(Day, 2));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Intervals_EachRetailerSeesOnlyItsOwnPoints_EvenWithASpoofedRetailerHeader_AndIsAudited()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var r1 = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var r2 = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);
        var path = $"api/v1/intervals?date={DayText}&slot=1";

        var ofR1 = await PointsOf(client, r1, path);
        var ofR2 = await PointsOf(client, r2, path);
        var spoofed = await PointsOf(client, r2, path, ("X-Renkei-Retailer", Market.R1));

        Assert.Equal([Market.R1Only, Market.LiveSwitch], ofR1);
        Assert.Equal([Market.Switched], ofR2);
        Assert.Equal(ofR2, spoofed);
        var entries = await gateway.AuditOfAsync("/" + path);
        Assert.Single(entries, e => e.ClientId == TestGateway.R1Id && e.Retailer == Market.R1 && e.Status == 200 && e.Outcome == AuditEntry.Allowed && e.Date == DayText);
        Assert.Equal(2, entries.Count(e => e.ClientId == TestGateway.R2Id && e.Retailer == Market.R2 && e.Status == 200 && e.Date == DayText));
    }

    [Theory]
    [InlineData("application/json", "application/json")]
    [InlineData("text/csv", "text/csv")]
    [InlineData("application/xml", "application/xml")]
    public async Task Intervals_AcceptHeader_ChoosesTheFormatThroughTheProxy(string accept, string expected)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        using var response = await Send(client, token, $"api/v1/intervals?date={DayText}", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(Market.R1Only, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Market.Switched, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_AnotherRetailersFile_Is404AsForANameThatDoesNotExist_AndAudited()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var mtls = gateway.Client(TestCertificates.A);
        var r1 = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var r3 = await gateway.TokenAsync(TestGateway.R3Id, TestGateway.R3Secret, mtls);

        // R3's point is high voltage: its slot-1 file is W40110…, a kind R1 has none of.
        using var list = await Send(mtls, r3, $"api/v1/files?date={DayText}", null);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        var name = json.RootElement.GetProperty("files").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()!)
            .First(n => n.StartsWith("W40110", StringComparison.Ordinal));

        using var own = await Send(mtls, r3, "api/v1/files/" + name, null);
        using var other = await Send(client, r1, "api/v1/files/" + name, null);
        var made = "W40110" + Day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "23309901.zip";
        using var unknown = await Send(client, r1, "api/v1/files/" + made, null);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("application/zip", own.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(
            (await unknown.Content.ReadAsStringAsync()).Replace(made, "N", StringComparison.Ordinal),
            (await other.Content.ReadAsStringAsync()).Replace(name, "N", StringComparison.Ordinal));
        var entries = await gateway.AuditOfAsync("/api/v1/files/" + name);
        Assert.Single(entries, e => e.Retailer == Market.R3 && e.Status == 200 && e.Outcome == AuditEntry.Allowed);
        Assert.Single(entries, e => e.Retailer == Market.R1 && e.Status == 404 && e.Outcome == AuditEntry.Denied);
        Assert.Single(await gateway.AuditOfAsync($"/api/v1/files?date={DayText}"), e => e.Retailer == Market.R3 && e.Status == 200 && e.Date == DayText);
    }

    [Fact]
    public async Task FeedAndDeadlinesAndFixedUsage_ServedForTheCaller_AndAudited()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var r2 = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);
        var month = Day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

        using var feed = await Send(client, r2, "api/v1/feed?cursor=0&limit=100", null);
        using var deadlines = await Send(client, r2, $"api/v1/deadlines?date={DayText}", null);
        using var usage = await Send(client, r2, $"api/v1/fixed-usage?month={month}", "application/json");

        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        using (var json = JsonDocument.Parse(await feed.Content.ReadAsStringAsync()))
        {
            Assert.True(json.RootElement.GetProperty("next").GetInt64() > 0);
            Assert.All(
                json.RootElement.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "revision"),
                i => Assert.Contains(i.GetProperty("supplyPointId").GetString(), new[] { Market.Switched, Market.Ended }));
        }

        Assert.Equal(HttpStatusCode.OK, deadlines.StatusCode);
        using (var json = JsonDocument.Parse(await deadlines.Content.ReadAsStringAsync()))
        {
            Assert.Equal(48, json.RootElement.GetProperty("slots").GetArrayLength());
        }

        // The caller's point held in the month is listed; the test market loads no reading schedule, so its usage is
        // not providable, and says why. Another retailer's points are not listed.
        Assert.Equal(HttpStatusCode.OK, usage.StatusCode);
        using (var json = JsonDocument.Parse(await usage.Content.ReadAsStringAsync()))
        {
            var points = json.RootElement.GetProperty("points").EnumerateArray().ToList();
            var switched = Assert.Single(points, p => p.GetProperty("supplyPointId").GetString() == Market.Switched);
            Assert.Equal("no-reading-schedule", switched.GetProperty("reason").GetString());
            Assert.All(points, p => Assert.Contains(p.GetProperty("supplyPointId").GetString(), new[] { Market.Switched, Market.Ended }));
        }

        Assert.Single(await gateway.AuditOfAsync("/api/v1/feed?cursor=0&limit=100"), e => e.Retailer == Market.R2 && e.Status == 200);
        Assert.Single(await gateway.AuditOfAsync($"/api/v1/deadlines?date={DayText}"), e => e.Retailer == Market.R2 && e.Status == 200 && e.Date == DayText);
        Assert.Single(await gateway.AuditOfAsync($"/api/v1/fixed-usage?month={month}"), e => e.Retailer == Market.R2 && e.Status == 200 && e.Date == month);
    }

    [Theory]
    [InlineData("api/v1/intervals?date={0}&supplyPointId=0310000000000000000002", "supplyPointId")]
    [InlineData("api/v1/intervals?date={0}&date={0}", "date")]
    [InlineData("api/v1/feed?cursor=0&retailer=R0002", "retailer")]
    [InlineData("api/v1/files/W41110202601010000010001?x=1", "x")]
    public async Task UnexpectedQueryParameter_Is400AtTheGateway_AndAudited(string pathFormat, string field)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var path = string.Format(CultureInfo.InvariantCulture, pathFormat, DayText);

        using var response = await Send(client, token, path, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
        var entry = Assert.Single(await gateway.AuditOfAsync("/" + path), e => e.ClientId == TestGateway.R1Id);
        Assert.Equal((400, AuditEntry.Denied, "unexpected query parameter"), (entry.Status, entry.Outcome, entry.Reason));
    }

    [Fact]
    public async Task NoToken_Is401AndAudited()
    {
        var gateway = zone.Shared;
        var path = $"api/v1/intervals?date={DayText}&slot=2";

        using var response = await TestGateway.GetAsync(gateway.Client(), null, path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Single(await gateway.AuditOfAsync("/" + path), e => e.Status == 401 && e.Outcome == AuditEntry.Denied);
    }

    private static async Task<List<string>> PointsOf(HttpClient client, string token, string path, (string Name, string Value)? extra = null)
    {
        using var response = await Send(client, token, path, "application/json", extra);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("supplyPointId").GetString()!)];
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string token, string path, string? accept, (string Name, string Value)? extra = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        if (extra is { } header)
        {
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        return await client.SendAsync(request);
    }
}
