using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Renkei.Domain.Time;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// The metering node's retailer data routes on a real loopback listener, called as the gateway calls them: bulk
/// intervals of a slot or a day in JSON, CSV and the market XML (read back by <see cref="MarketXml"/>, the
/// importer written from the documentation), content negotiation, problems naming the field, asOf reads, and the
/// retailer header believed only from the gateway.
/// </summary>
public sealed class RetailerDataApiTests : IAsyncLifetime
{
    private ProvisionHost host = null!;

    public async Task InitializeAsync()
    {
        host = await ProvisionHost.StartAsync();
        host.IngestAll(0, 8);
        for (var k = 1; k <= 8; k++)
        {
            host.Close(k);
        }
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Slot_Json_ListsEachOfTheRetailersPointsOnceWithValueQualityAndVersion()
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/intervals?date=2026-04-01&slot=3", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(ProvisionHost.A, root.GetProperty("receiver").GetString());
        Assert.Equal("2026-04-01", root.GetProperty("date").GetString());
        Assert.Equal(3, root.GetProperty("slot").GetInt32());
        var values = root.GetProperty("values").EnumerateArray().ToList();

        // A's points on the day: LowA1, LowA2, HighA; not LowB (B's) nor Switched (B's from this day).
        Assert.Equal([ProvisionHost.LowA1, ProvisionHost.LowA2, ProvisionHost.HighA], values.Select(v => v.GetProperty("supplyPointId").GetString()));
        Assert.Equal(3, root.GetProperty("count").GetInt32());
        Assert.Equal(0.1m, values[0].GetProperty("kwh").GetDecimal());
        Assert.Equal(0.2m, values[1].GetProperty("kwh").GetDecimal());
        Assert.Equal(12.0m, values[2].GetProperty("kwh").GetDecimal()); // 0.3 kWh × multiplier 40
        Assert.Equal("high", values[2].GetProperty("voltage").GetString());
        Assert.All(values, v => Assert.Equal("actual", v.GetProperty("quality").GetString()));
        Assert.All(values, v => Assert.Equal(host.Engine.TimelineOf(new Slot(ProvisionHost.Day, 3)).Version, v.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task Slot_Csv_HeaderThenOneLinePerPoint()
    {
        using var response = await Get(ProvisionHost.B, "internal/v1/retailer/intervals?date=2026-04-01&slot=1", "text/csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var version = host.Engine.TimelineOf(new Slot(ProvisionHost.Day, 1)).Version;
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "supply_point_id,voltage,date,slot,kwh,quality,version",
                $"{ProvisionHost.LowB},low,2026-04-01,1,0.4000,actual,{version}",
                $"{ProvisionHost.Switched},low,2026-04-01,1,0.5000,actual,{version}",
            ],
            lines);
    }

    [Fact]
    public async Task Slot_Xml_ImportedByTheDocumentedStructure()
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/intervals?date=2026-04-01&slot=2", "application/xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = MarketXml.ReadIntervals(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("1110", doc.Header.InformationType);
        Assert.Equal(ProvisionHost.A, doc.Header.Receiver);
        Assert.Equal("20260401", doc.Date);
        Assert.Equal(2, doc.Slot);
        Assert.Equal([ProvisionHost.LowA1, ProvisionHost.LowA2, ProvisionHost.HighA], doc.Values.Select(v => v.SupplyPointId));
        Assert.Equal([0.1m, 0.2m, 12.0m], doc.Values.Select(v => v.Kwh));
        Assert.Equal([false, false, true], doc.Values.Select(v => v.HighVoltage));
        Assert.Equal(("application/xml", "Shift_JIS"), (response.Content.Headers.ContentType!.MediaType, response.Content.Headers.ContentType.CharSet));
    }

    [Fact]
    public async Task Day_Xml_SlotsOverSupplyPoints_UnpublishedSlotsWithoutRecords()
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/intervals?date=2026-04-01&voltage=low", "application/xml");

        var doc = MarketXml.ReadIntervals(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("1120", doc.Header.InformationType);
        Assert.Null(doc.Slot);
        Assert.Equal(Enumerable.Range(1, 48), doc.DaySlots);

        // Slots 9..48 are not published: no value, so no record (JSON and CSV list them as missing, version 0).
        Assert.Equal(Enumerable.Range(1, 8).SelectMany(k => new[] { k, k }), doc.Values.Select(v => v.Slot));
        Assert.Equal(Enumerable.Range(1, 8).SelectMany(_ => new[] { ProvisionHost.LowA1, ProvisionHost.LowA2 }), doc.Values.Select(v => v.SupplyPointId));
    }

    [Fact]
    public async Task Day_Json_PointsWith48Slots()
    {
        using var response = await Get(ProvisionHost.B, "internal/v1/retailer/intervals?date=2026-04-01", null);

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([ProvisionHost.LowB, ProvisionHost.Switched], points.Select(p => p.GetProperty("supplyPointId").GetString()));
        Assert.All(points, p => Assert.Equal(48, p.GetProperty("slots").GetArrayLength()));
        Assert.Equal(0.4m, points[0].GetProperty("slots")[7].GetProperty("kwh").GetDecimal());
        Assert.Equal(JsonValueKind.Null, points[0].GetProperty("slots")[8].GetProperty("kwh").ValueKind);
    }

    [Fact]
    public async Task VoltageHigh_OnlyHighVoltagePoints()
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/intervals?date=2026-04-01&slot=1&voltage=high", "application/xml");

        var doc = MarketXml.ReadIntervals(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("0110", doc.Header.InformationType);
        Assert.Equal([ProvisionHost.HighA], doc.Values.Select(v => v.SupplyPointId));
    }

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("text/html")]
    [InlineData("application/json;q=0")]
    public async Task Accept_NoOfferedFormat_Is406(string accept)
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/intervals?date=2026-04-01&slot=1", accept);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Accept", json.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Accept_QualityOrder_PicksTheBestOffered()
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/intervals?date=2026-04-01&slot=1", "application/json;q=0.5, text/csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("slot=1", "date")]
    [InlineData("date=2026-4-1", "date")]
    [InlineData("date=2026-04-01&slot=49", "slot")]
    [InlineData("date=2026-04-01&slot=x", "slot")]
    [InlineData("date=2026-04-01&voltage=medium", "voltage")]
    [InlineData("date=2026-04-01&asOf=2026-04-01T10:00:00", "asOf")]
    [InlineData("date=2026-04-01&supplyPoint=0310000000000000000004", "supplyPoint")]
    [InlineData("date=2026-04-01&date=2026-04-02", "date")]
    public async Task BadQuery_Is400ProblemNamingTheField(string query, string field)
    {
        using var response = await Get(ProvisionHost.A, "internal/v1/retailer/intervals?" + query, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
        Assert.Contains(field, json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetailerHeader_FromACallerOtherThanTheGateway_Is403()
    {
        var hes = host.ClientFor(ProvisionHost.A, host.HesKey, "hes");

        using var response = await hes.GetAsync(new Uri("internal/v1/retailer/intervals?date=2026-04-01&slot=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AsOf_BeforeARevision_ReturnsTheValueAsPublishedThen()
    {
        // Slot 10 is published with meter M1's read at its end missing, then the read arrives: a revision.
        host.IngestAll(9, 9);
        host.IngestAll(10, 10, "M1");
        host.Close(10);
        var published = host.Clock.GetUtcNow();
        host.Clock.Advance(TimeSpan.FromMinutes(20));
        host.IngestOne("M1", 10);
        var revisedAt = host.Clock.GetUtcNow();
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        var before = await SlotValue(ProvisionHost.A, 10, published.AddMinutes(1));
        var after = await SlotValue(ProvisionHost.A, 10, revisedAt);
        var now = await SlotValue(ProvisionHost.A, 10, null);
        var beforePublication = await SlotValue(ProvisionHost.A, 10, published.AddMinutes(-1));

        Assert.Equal((JsonValueKind.Null, "missing"), (before.GetProperty("kwh").ValueKind, before.GetProperty("quality").GetString()));
        Assert.Equal((0.1m, "actual"), (after.GetProperty("kwh").GetDecimal(), after.GetProperty("quality").GetString()));
        Assert.Equal(after.GetRawText(), now.GetRawText());
        Assert.True(after.GetProperty("version").GetInt64() > before.GetProperty("version").GetInt64());
        Assert.Equal((JsonValueKind.Null, 0L), (beforePublication.GetProperty("kwh").ValueKind, beforePublication.GetProperty("version").GetInt64()));
    }

    private async Task<JsonElement> SlotValue(string retailer, int slot, DateTimeOffset? asOf)
    {
        var query = $"internal/v1/retailer/intervals?date=2026-04-01&slot={slot}";
        if (asOf is { } at)
        {
            query += "&asOf=" + Uri.EscapeDataString(at.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await Get(retailer, query, "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("values")[0].Clone();
    }

    private async Task<HttpResponseMessage> Get(string retailer, string path, string? accept)
    {
        var client = host.ClientFor(retailer);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await client.SendAsync(request);
    }
}
