using System.Net;
using System.Text.Json;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Tests.Access;

/// <summary>
/// One value's explanation (<c>/api/v1/supply-points/{id}/intervals/{date}/{slot}/explain</c>) is decided like the
/// point's intervals: the date in the path must be one on which the caller's retailer held the point; another
/// retailer's point answers exactly as a point that does not exist; every answer is audited.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class ExplainAccessTests(InternalZone zone)
{
    public static TheoryData<string, string, string, int, HttpStatusCode> Matrix => new()
    {
        { TestGateway.R1Id, Market.Switched, "2026-11-09", 11, HttpStatusCode.OK },
        { TestGateway.R1Id, Market.Switched, "2026-11-10", 12, HttpStatusCode.NotFound },
        { TestGateway.R2Id, Market.Switched, "2026-11-10", 13, HttpStatusCode.OK },
        { TestGateway.R2Id, Market.R1Only, "2026-11-09", 14, HttpStatusCode.NotFound },
        { TestGateway.R1Id, Market.Unknown, "2026-11-09", 15, HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Explain_ContractHistory_AnswersPerContractAndAudits(string clientId, string point, string date, int slot, HttpStatusCode expected)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(clientId, clientId == TestGateway.R1Id ? TestGateway.R1Secret : TestGateway.R2Secret, client);
        var path = $"api/v1/supply-points/{point}/intervals/{date}/{slot}/explain";

        using var response = await TestGateway.GetAsync(client, token, path);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(point, body.RootElement.GetProperty("supplyPointId").GetString());
            Assert.Equal(date, body.RootElement.GetProperty("date").GetString());
            Assert.Equal(slot, body.RootElement.GetProperty("slot").GetInt32());
            Assert.Equal("import", body.RootElement.GetProperty("direction").GetString());
        }

        var entry = Assert.Single(await gateway.AuditOfAsync("/" + path), e => e.ClientId == clientId);
        Assert.Equal((int)expected, entry.Status);
        Assert.Equal(expected == HttpStatusCode.OK ? AuditEntry.Allowed : AuditEntry.Denied, entry.Outcome);
        Assert.Equal(point, entry.SupplyPoint);
        Assert.Equal(date, entry.Date);
        Assert.Equal(clientId == TestGateway.R1Id ? Market.R1 : Market.R2, entry.Retailer);
    }

    [Fact]
    public async Task Explain_OtherRetailersPoint_AnswersExactlyAsUnknownPoint()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);

        using var others = await TestGateway.GetAsync(client, token, $"api/v1/supply-points/{Market.R1Only}/intervals/2026-10-01/20/explain");
        using var unknown = await TestGateway.GetAsync(client, token, $"api/v1/supply-points/{Market.Unknown}/intervals/2026-10-01/20/explain");

        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await others.Content.ReadAsStringAsync());
        Assert.Equal(unknown.Content.Headers.ContentType, others.Content.Headers.ContentType);
        Assert.Equal(unknown.Content.Headers.ContentLength, others.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("2026-11-09/20/explain?date=2026-11-09", "direction")]
    [InlineData("2026-11-31/20/explain", "date")]
    [InlineData("2026-11-09/20/explain?direction=sideways", "direction")]
    public async Task Explain_BadInput_IsRefusedBeforeForwarding(string tail, string named)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        using var response = await TestGateway.GetAsync(client, token, $"api/v1/supply-points/{Market.R1Only}/intervals/{tail}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("49")]
    [InlineData("x")]
    public async Task Explain_SlotOutsideTheDay_IsABadRequestNamingTheSlot(string slot)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        using var response = await TestGateway.GetAsync(client, token, $"api/v1/supply-points/{Market.R1Only}/intervals/2026-11-09/{slot}/explain");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("slot", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
