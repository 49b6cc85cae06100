using System.Net;
using System.Text.Json;

namespace Renkei.Metering.Tests.Provision;

/// <summary>
/// 確定使用量 by reading period, in JSON, CSV and the market XML: each point's period from its schedule (April's
/// reading of schedule A1 closes 31 March – 1 April), fixed only when every slot is final, else listed with the
/// reason; a point that changed retailer gives each its part; high voltage carries the maximum demand. The reads are
/// <see cref="ProvisionHost.PublishReadingPeriodA"/>'s.
/// </summary>
public sealed class FixedUsageApiTests : IAsyncLifetime
{
    private ProvisionHost host = null!;

    public async Task InitializeAsync()
    {
        host = await ProvisionHost.StartAsync();
        host.PublishReadingPeriodA();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Json_EachPointItsPeriod_FixedOnlyWhenEverySlotIsFinal_ElseTheReason()
    {
        var points = await Points(ProvisionHost.A, "month=2026-04");

        Assert.Equal(
            [ProvisionHost.LowA1, ProvisionHost.LowA2, ProvisionHost.HighA, ProvisionHost.Switched],
            points.Select(p => p.GetProperty("supplyPointId").GetString()));

        // LowA1: its last slot has no read after it.
        var lowA1 = points[0];
        Assert.False(lowA1.GetProperty("fixed").GetBoolean());
        Assert.Equal(("2026-03-31", "2026-04-02", "slots-missing"), (lowA1.GetProperty("from").GetString(), lowA1.GetProperty("to").GetString(), lowA1.GetProperty("reason").GetString()));
        Assert.Contains("2026-04-01 slot 48", lowA1.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(lowA1.TryGetProperty("kwh", out _));

        // LowA2: no schedule, so no period: said, not guessed.
        var lowA2 = points[1];
        Assert.False(lowA2.GetProperty("fixed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, lowA2.GetProperty("from").ValueKind);
        Assert.Equal("no-reading-schedule", lowA2.GetProperty("reason").GetString());

        // HighA: (96 × 0.3 + 0.2) kWh × 40 = 1,160 kWh; the largest slot 0.5 × 40 = 20 kWh, so 40 kW at 05:30.
        var highA = points[2];
        Assert.True(highA.GetProperty("fixed").GetBoolean());
        Assert.Equal(("0", 1160m, 2), (highA.GetProperty("provision").GetString(), highA.GetProperty("kwh").GetDecimal(), highA.GetProperty("daysHeld").GetInt32()));
        Assert.Equal(40m, highA.GetProperty("maxDemandKw").GetDecimal());
        Assert.Equal("2026-04-01T05:30:00+09:00", highA.GetProperty("maxDemandAt").GetString());
        Assert.Equal("2026-05-01", highA.GetProperty("nextReadingDate").GetString());
        Assert.False(points[3].TryGetProperty("maxDemandKw", out _));
    }

    [Fact]
    public async Task Json_SwitchDuringThePeriod_EachRetailerOnlyItsPart()
    {
        var ofA = (await Points(ProvisionHost.A, "month=2026-04")).Single(p => p.GetProperty("supplyPointId").GetString() == ProvisionHost.Switched);
        var ofB = (await Points(ProvisionHost.B, "month=2026-04")).Single(p => p.GetProperty("supplyPointId").GetString() == ProvisionHost.Switched);

        // Meter 5 advances 0.5 kWh a slot: 24 kWh a day. A held 31 March, B from 1 April (the switch date).
        Assert.Equal(("1", 24m, true), (ofA.GetProperty("provision").GetString(), ofA.GetProperty("kwh").GetDecimal(), ofA.GetProperty("fixed").GetBoolean()));
        Assert.Equal(["2026-03-31"], ofA.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
        Assert.Equal(("1", 24m, true), (ofB.GetProperty("provision").GetString(), ofB.GetProperty("kwh").GetDecimal(), ofB.GetProperty("fixed").GetBoolean()));
        Assert.Equal(["2026-04-01"], ofB.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task Json_OnlyTheCallersPoints_AnotherRetailerSeesNone()
    {
        var ofB = await Points(ProvisionHost.B, "month=2026-04");
        var ofNobody = await Points("RC003", "month=2026-04");

        // LowB's period (2 March to 1 April) is mostly outside what the node holds: not providable, and why.
        Assert.Equal([ProvisionHost.LowB, ProvisionHost.Switched], ofB.Select(p => p.GetProperty("supplyPointId").GetString()));
        Assert.Equal(("2026-03-02", "2026-04-01", "slots-not-published"), (ofB[0].GetProperty("from").GetString(), ofB[0].GetProperty("to").GetString(), ofB[0].GetProperty("reason").GetString()));
        Assert.Empty(ofNobody);
    }

    [Fact]
    public async Task Xml_FixedPointsOnly_TheirPeriodsDays()
    {
        using var response = await Get(ProvisionHost.A, "month=2026-04&voltage=low", "application/xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = MarketXml.ReadUsage(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(("1220", "202604"), (usage.Header.InformationType, usage.Month));
        var switched = Assert.Single(usage.Points);
        // Held one day of its period (JP06404 2, partial), every slot final (JP06405 0, providable).
        Assert.Equal((ProvisionHost.Switched, "2", "0", 24m, "20260501"), (switched.SupplyPointId, switched.Allocation, switched.Provision, switched.Kwh, switched.NextReading));
        Assert.Equal(["20260331"], switched.Days.Select(d => d.Date));
        Assert.Equal(Enumerable.Range(1, 48), switched.Days[0].Slots.Select(s => s.Slot));
    }

    [Fact]
    public async Task Csv_OneLinePerHeldSlotOfTheFixedPoints()
    {
        using var response = await Get(ProvisionHost.B, "month=2026-04", "text/csv");

        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("supply_point_id,voltage,month,date,slot,kwh,quality,version", lines[0]);
        Assert.Equal(1 + 48, lines.Length);
        Assert.StartsWith($"{ProvisionHost.Switched},low,2026-04,2026-04-01,1,0.5000,actual,", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("month=2026-4", "month")]
    [InlineData("month=2026-13", "month")]
    [InlineData("", "month")]
    [InlineData("month=2026-04&voltage=x", "voltage")]
    [InlineData("month=2026-04&from=2026-04-01", "from")]
    public async Task BadQuery_Is400NamingTheField(string query, string field)
    {
        using var response = await Get(ProvisionHost.A, query, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, json.RootElement.GetProperty("field").GetString());
    }

    private async Task<List<JsonElement>> Points(string retailer, string query)
    {
        using var response = await Get(retailer, query, "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("2026-04", json.RootElement.GetProperty("month").GetString());
        return json.RootElement.GetProperty("points").EnumerateArray().Select(p => p.Clone()).ToList();
    }

    private async Task<HttpResponseMessage> Get(string retailer, string query, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("internal/v1/retailer/fixed-usage?" + query, UriKind.Relative));
        request.Headers.Accept.ParseAdd(accept);
        return await host.ClientFor(retailer).SendAsync(request);
    }
}
