using System.Net;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Auth;

/// <summary>
/// Mutual TLS (RFC 8705): R3's system must present its registered client certificate to get a token, and the
/// token is bound to that certificate (<c>cnf.x5t#S256</c>): with another certificate, or none, it is refused.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class MutualTlsTests(InternalZone zone)
{
    private const string Date = "2026-11-09";

    [Fact]
    public async Task TokenRequest_CertificateClientWithoutCertificate_IsInvalidClientAndAudited()
    {
        var gateway = zone.Shared;

        using var response = await gateway.RequestTokenAsync(gateway.Client(), TestGateway.R3Id, TestGateway.R3Secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"error\":\"invalid_client\"", (await response.Content.ReadAsStringAsync()).Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var entries = await gateway.AuditOfAsync("/connect/token");
        Assert.Contains(entries, e => e.ClientId == TestGateway.R3Id && e.Status == 401 && e.Reason == "client certificate required");
    }

    [Fact]
    public async Task TokenRequest_UnregisteredCertificate_IsInvalidClient()
    {
        var gateway = zone.Shared;

        using var response = await gateway.RequestTokenAsync(gateway.Client(TestCertificates.B), TestGateway.R3Id, TestGateway.R3Secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entries = await gateway.AuditOfAsync("/connect/token");
        Assert.Contains(entries, e => e.ClientId == TestGateway.R3Id && e.Status == 401 && e.Reason == "client certificate not registered");
    }

    [Fact]
    public async Task BoundToken_WithItsCertificate_Gets200()
    {
        var gateway = zone.Shared;
        var client = gateway.Client(TestCertificates.A);
        var token = await gateway.TokenAsync(TestGateway.R3Id, TestGateway.R3Secret, client);

        using var response = await TestGateway.GetIntervalsAsync(client, token, Market.R3Only, Date);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R3Only}/intervals?date={Date}"), e => e.Status == 200);
        Assert.Equal((TestGateway.R3Id, Market.R3, "allowed"), (entry.ClientId, entry.Retailer, entry.Outcome));
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]));
        Assert.Contains($"\"x5t#S256\":\"{Renkei.Gateway.Callers.ClientCertificates.Thumbprint(TestCertificates.A)}\"", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundToken_WithAnotherCertificate_Is401AndAudited()
    {
        var gateway = zone.Shared;
        var token = await gateway.TokenAsync(TestGateway.R3Id, TestGateway.R3Secret, gateway.Client(TestCertificates.A));

        using var response = await TestGateway.GetIntervalsAsync(gateway.Client(TestCertificates.B), token, Market.R3Only, "2026-10-20");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R3Only}/intervals?date=2026-10-20"));
        // OpenIddict's validation checks cnf against the connection's certificate itself (our TokenStatusMiddleware
        // checks again behind it); the audit keeps the reason it gave the client.
        Assert.StartsWith("The specified certificate-based proof-of-possession", entry.Reason, StringComparison.Ordinal);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Null(entry.ClientId); // a refused token's claims are not trusted, not even its subject
    }

    [Fact]
    public async Task BoundToken_AcceptedWithItsCertificateThenPresentedWithAnother_Is401()
    {
        // The first use puts the validated token in the gateway's cache; the binding is still checked per request.
        var gateway = zone.Shared;
        var owner = gateway.Client(TestCertificates.A);
        var token = await gateway.TokenAsync(TestGateway.R3Id, TestGateway.R3Secret, owner);
        using (var first = await TestGateway.GetIntervalsAsync(owner, token, Market.R3Only, "2026-10-21"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var thief = await TestGateway.GetIntervalsAsync(gateway.Client(TestCertificates.B), token, Market.R3Only, "2026-10-22");

        Assert.Equal(HttpStatusCode.Unauthorized, thief.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R3Only}/intervals?date=2026-10-22"));
        Assert.Equal("the access token is bound to another client certificate", entry.Reason);
    }

    [Fact]
    public async Task BoundToken_WithoutCertificate_Is401()
    {
        var gateway = zone.Shared;
        var token = await gateway.TokenAsync(TestGateway.R3Id, TestGateway.R3Secret, gateway.Client(TestCertificates.A));

        using var response = await TestGateway.GetIntervalsAsync(gateway.Client(), token, Market.R3Only, "2026-10-23");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R3Only}/intervals?date=2026-10-23"));
        Assert.Equal((401, "denied"), (entry.Status, entry.Outcome));
        Assert.NotNull(entry.Reason);
    }
}
