using System.Net;
using System.Text.Json;

namespace Renkei.Metering.Tests.Provision;

/// <summary>確定使用量 of every supply point a retailer held in a month, in JSON, CSV and the market XML.</summary>
public sealed class FixedUsageApiTests : IAsyncLifetime
{
    private ProvisionHost host = null!;

    public async Task InitializeAsync()
    {
        host = await ProvisionHost.StartAsync();
        host.IngestAll(0, 4);
        for (var k = 1; k <= 4; k++)
        {
            host.Close(k);
        }
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Xml_IncompletePeriod_NotProvidable_ImportedByTheDocumentedStructure()
    {
        using var response = await Get(ProvisionHost.A, "month=2026-04&voltage=low", "application/xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = MarketXml.ReadUsage(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(("1220", "202604"), (usage.Header.InformationType, usage.Month));
        Assert.Equal([ProvisionHost.LowA1, ProvisionHost.LowA2], usage.Points.Select(p => p.SupplyPointId));

        // Held all month (JP06404 1); only April 1's first slots have values, so not providable (JP06405 1): the
        // record stops there, and the partial total and days stay in JSON and CSV.
        var a1 = usage.Points[0];
        Assert.Equal(("低圧", "1", "1", (decimal?)null, (string?)null), (a1.VoltageClassName, a1.Allocation, a1.Provision, a1.Kwh, a1.NextReading));
        Assert.Empty(a1.Days);
    }

    [Fact]
    public async Task Json_PartOfTheMonth_ProvisionOneAndOnlyTheHeldDays()
    {
        using var response = await Get(ProvisionHost.A, "month=2026-03", "application/json");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(
            [ProvisionHost.LowA1, ProvisionHost.LowA2, ProvisionHost.HighA, ProvisionHost.Switched],
            points.Select(p => p.GetProperty("supplyPointId").GetString()));
        Assert.All(points, p => Assert.Equal("0", p.GetProperty("provision").GetString()));

        using var april = await Get(ProvisionHost.B, "month=2026-04", "application/json");
        using var ofB = JsonDocument.Parse(await april.Content.ReadAsStringAsync());
        var switched = ofB.RootElement.GetProperty("points").EnumerateArray().Single(p => p.GetProperty("supplyPointId").GetString() == ProvisionHost.Switched);
        Assert.Equal(30, switched.GetProperty("daysHeld").GetInt32());
        Assert.Equal(2.0m, switched.GetProperty("kwh").GetDecimal());
        Assert.False(switched.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task Csv_OneLinePerHeldSlot()
    {
        using var response = await Get(ProvisionHost.B, "month=2026-04", "text/csv");

        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("supply_point_id,voltage,month,date,slot,kwh,quality,version", lines[0]);
        Assert.Equal(1 + (2 * 30 * 48), lines.Length);
        Assert.StartsWith($"{ProvisionHost.LowB},low,2026-04,2026-04-01,1,0.4000,actual,", lines[1], StringComparison.Ordinal);
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

    private async Task<HttpResponseMessage> Get(string retailer, string query, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("internal/v1/retailer/fixed-usage?" + query, UriKind.Relative));
        request.Headers.Accept.ParseAdd(accept);
        return await host.ClientFor(retailer).SendAsync(request);
    }
}
