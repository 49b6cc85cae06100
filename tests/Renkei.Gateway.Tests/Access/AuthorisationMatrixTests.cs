using System.Net;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Tests.Access;

/// <summary>
/// Retailer R reads supply point P for date D only if R held P's wheeling contract on D: before, during and
/// after a switch, and on the switch day itself (which belongs to the new retailer). Every answer is audited.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class AuthorisationMatrixTests(InternalZone zone)
{
    public static TheoryData<string, string, string, HttpStatusCode> Matrix => new()
    {
        // Switched: R1 until the switch day (exclusive), R2 from it.
        { TestGateway.R1Id, Market.Switched, "2026-11-08", HttpStatusCode.OK },
        { TestGateway.R1Id, Market.Switched, "2026-11-09", HttpStatusCode.OK },
        { TestGateway.R1Id, Market.Switched, "2026-11-10", HttpStatusCode.NotFound },
        { TestGateway.R1Id, Market.Switched, "2026-11-11", HttpStatusCode.NotFound },
        { TestGateway.R2Id, Market.Switched, "2026-11-09", HttpStatusCode.NotFound },
        { TestGateway.R2Id, Market.Switched, "2026-11-10", HttpStatusCode.OK },
        { TestGateway.R2Id, Market.Switched, "2026-11-11", HttpStatusCode.OK },

        // Ended: R2 from 2026-01-01 until 2026-06-01 (exclusive), nobody after.
        { TestGateway.R2Id, Market.Ended, "2025-12-31", HttpStatusCode.NotFound },
        { TestGateway.R2Id, Market.Ended, "2026-01-01", HttpStatusCode.OK },
        { TestGateway.R2Id, Market.Ended, "2026-05-31", HttpStatusCode.OK },
        { TestGateway.R2Id, Market.Ended, "2026-06-01", HttpStatusCode.NotFound },
        { TestGateway.R1Id, Market.Ended, "2026-03-01", HttpStatusCode.NotFound },

        // Another retailer's point, and a point that does not exist.
        { TestGateway.R2Id, Market.R1Only, "2026-11-09", HttpStatusCode.NotFound },
        { TestGateway.R1Id, Market.R1Only, "2026-11-09", HttpStatusCode.OK },
        { TestGateway.R1Id, Market.Unknown, "2026-11-09", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Intervals_ContractHistory_AnswersPerContractAndAudits(string clientId, string point, string date, HttpStatusCode expected)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(clientId, clientId == TestGateway.R1Id ? TestGateway.R1Secret : TestGateway.R2Secret, client);

        using var response = await TestGateway.GetIntervalsAsync(client, token, point, date);

        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if (expected == HttpStatusCode.OK)
        {
            Assert.Contains($"\"supplyPointId\":\"{point}\"", body, StringComparison.Ordinal);
            Assert.Contains($"\"date\":\"{date}\"", body, StringComparison.Ordinal);
        }

        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{point}/intervals?date={date}"), e => e.ClientId == clientId);
        Assert.Equal((int)expected, entry.Status);
        Assert.Equal(expected == HttpStatusCode.OK ? AuditEntry.Allowed : AuditEntry.Denied, entry.Outcome);
        Assert.Equal(point, entry.SupplyPoint);
        Assert.Equal(date, entry.Date);
        Assert.Equal(clientId == TestGateway.R1Id ? Market.R1 : Market.R2, entry.Retailer);
        Assert.Equal("127.0.0.1", entry.SourceAddress);
    }

    [Fact]
    public async Task Intervals_OtherRetailersPoint_AnswersExactlyAsUnknownPoint()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R2Id, TestGateway.R2Secret, client);

        using var others = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, "2026-10-01");
        using var unknown = await TestGateway.GetIntervalsAsync(client, token, Market.Unknown, "2026-10-01");

        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await others.Content.ReadAsStringAsync());
        Assert.Equal(unknown.Content.Headers.ContentType, others.Content.Headers.ContentType);
        Assert.Equal(unknown.Content.Headers.ContentLength, others.Content.Headers.ContentLength);
    }
}
