using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Gateway.Staff;
using Renkei.Gateway.Tests.Support;
using Renkei.Switching.Store;

namespace Renkei.Gateway.Tests.Proxy;

/// <summary>
/// The operator route that issues a low-voltage customer's consent password from the TSO directly
/// (<c>POST /api/v1/operator/switching/supply-points/{id}/consent-passwords</c>), through the real gateway to the real
/// switching node of the <see cref="InternalZone"/>: an operator's staff token is forwarded with the operator's name
/// (the hub's audit trail names them); a retailer's token, system or staff, is refused by the gateway and nothing is issued.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class OperatorConsentPasswordRouteTests(InternalZone zone) : IAsyncLifetime
{
    private const string Password = "staff password one";
    private static readonly string Route = $"api/v1/operator/switching/supply-points/{Market.R1Only}/consent-passwords";

    private static readonly StaffAccount[] Staff =
    [
        new("olga", Password, "Olga (operator)", null, IsOperator: true),
        new("alice", Password, "Alice", Market.R1),
    ];

    private TestGateway gateway = null!;

    public async Task InitializeAsync() => gateway = await TestGateway.StartAsync(zone, staff: Staff);

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    private async Task<string> StaffTokenAsync(string user)
    {
        var flow = new StaffCodeFlow();
        using var redirect = await flow.LogInAsync(gateway.Browser(), user, Password);
        using var exchange = await StaffCodeFlow.ExchangeAsync(gateway.Client(), flow.CodeOf(redirect), flow.Verifier);
        return (await exchange.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private async Task<HttpResponseMessage> IssueAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Route, UriKind.Relative))
        {
            // The zone's holder of R1's point: "Test" at "test".
            Content = JsonContent.Create(new { validity = "1d", holderName = "Test", address = "test" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));

        // A client cannot name an operator itself: the gateway strips every X-Renkei-* header it sends.
        request.Headers.Add("X-Renkei-Operator", "mallory");
        return await gateway.Client().SendAsync(request);
    }

    private async Task<(int Issued, IReadOnlyList<string?> Details)> HubAsync()
    {
        await using var scope = zone.Switching.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
        var issued = await db.ConsentPasswords.CountAsync(p => p.SupplyPointId == Market.R1Only && p.IssuedBy == "tso");
        var details = await db.AuditEntries.Where(a => a.SubjectId == Market.R1Only && a.Action == "consent-password-issued").Select(a => a.Detail).ToListAsync();
        return (issued, details);
    }

    [Fact]
    public async Task OperatorToken_IssuesThePassword_AndTheHubNamesTheOperator()
    {
        var token = await StaffTokenAsync("olga");
        var before = await HubAsync();

        using var response = await IssueAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(12, body.GetProperty("password").GetString()!.Length);
        var after = await HubAsync();
        Assert.Equal(before.Issued + 1, after.Issued);
        var detail = after.Details[^1];
        Assert.Contains("operator olga", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("mallory", detail, StringComparison.Ordinal);
        var entry = (await gateway.AuditOfAsync(Route))[^1];
        Assert.Equal(("staff:olga", 200), (entry.ClientId, entry.Status));
    }

    [Fact]
    public async Task RetailerTokens_AreRefusedByTheGateway_AndNothingIsIssued()
    {
        var system = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        var staff = await StaffTokenAsync("alice");
        var before = await HubAsync();

        using var bySystem = await IssueAsync(system);
        using var byStaff = await IssueAsync(staff);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (bySystem.StatusCode, byStaff.StatusCode));
        Assert.Equal(before.Issued, (await HubAsync()).Issued);
        var entries = await gateway.AuditOfAsync(Route);
        Assert.Contains(entries, e => e.ClientId == TestGateway.R1Id && e.Status == 403);
        Assert.Contains(entries, e => e.ClientId == "staff:alice" && e.Status == 403);
    }
}
