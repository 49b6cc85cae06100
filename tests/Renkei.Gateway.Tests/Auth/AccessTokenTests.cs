using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Auth;

/// <summary>Access tokens: lifetime, expiry, tampering and revocation (RFC 7009), each refusal audited.</summary>
[Collection(InternalZoneCollection.Name)]
public sealed class AccessTokenTests(InternalZone zone)
{
    private const string Date = "2026-11-09";

    [Fact]
    public async Task TokenResponse_ConfiguredLifetime_ExpiresInMatches()
    {
        await using var gateway = await TestGateway.StartAsync(zone, tokenLifetime: TimeSpan.FromMinutes(7));

        using var response = await gateway.RequestTokenAsync(gateway.Client(), TestGateway.R1Id, TestGateway.R1Secret);

        var token = await response.Content.ReadFromJsonAsync<TestGateway.TokenResponse>();
        var entry = Assert.Single(await gateway.AuditOfAsync("/connect/token"));
        Assert.Equal((TestGateway.R1Id, 200, "allowed"), (entry.ClientId, entry.Status, entry.Outcome));
        // expires_in is counted from the moment the response is written, rounded down: 420 s, or 419 s a tick later.
        Assert.InRange(token!.expires_in, 419, 420);
        Assert.Equal("Bearer", token.token_type);
    }

    [Fact]
    public async Task AccessToken_PastItsLifetime_Is401AndAudited()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var gateway = await TestGateway.StartAsync(zone, clock: clock, tokenLifetime: TimeSpan.FromMinutes(5));
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        using (var fresh = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, Date))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        using var expired = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, Date);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        var entries = await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals");
        Assert.Equal([200, 401], entries.Select(e => e.Status));
        Assert.Equal("denied", entries[1].Outcome);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("payload")]
    [InlineData("header")]
    public async Task AccessToken_Tampered_Is401AndAudited(string part)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var parts = token.Split('.');
        var index = part switch { "header" => 0, "payload" => 1, _ => 2 };
        var chars = parts[index].ToCharArray();
        chars[chars.Length / 2] = chars[chars.Length / 2] == 'A' ? 'B' : 'A';
        parts[index] = new string(chars);
        var tampered = string.Join('.', parts);
        var date = part switch { "header" => "2026-11-01", "payload" => "2026-11-02", _ => "2026-11-03" };

        using var response = await TestGateway.GetIntervalsAsync(client, tampered, Market.R1Only, date);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals?date={date}"));
        Assert.Equal(401, entry.Status);
        Assert.Null(entry.Retailer);
    }

    [Fact]
    public async Task AccessToken_RememberedThenUsedOnAnOperatorRoute_Is403AndAudited()
    {
        // The first request validates the token and remembers it; the second is authenticated from memory, so its
        // refusal by the operator policy is written without OpenIddict's per-request preparation having run.
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        using (var data = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, "2026-11-05"))
        {
            Assert.Equal(HttpStatusCode.OK, data.StatusCode);
        }

        using var response = await TestGateway.GetAsync(client, token, "api/v1/operator/metering/status");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var entry = (await gateway.AuditOfAsync("/api/v1/operator/metering/status"))[^1];
        Assert.Equal(403, entry.Status);
        Assert.Equal("denied", entry.Outcome);
        Assert.Equal(TestGateway.R1Id, entry.ClientId);
    }

    [Fact]
    public async Task AccessToken_AcceptedThenTampered_Is401()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        using (var genuine = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, "2026-11-04"))
        {
            Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        }

        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        using var response = await TestGateway.GetIntervalsAsync(client, tampered, Market.R1Only, "2026-11-05");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals?date=2026-11-05"), e => e.Status == 401);
        Assert.Equal(("denied", null, null), (entry.Outcome, entry.ClientId, entry.Retailer));
    }

    [Fact]
    public async Task AccessToken_RetailerClaimRewrittenWithoutSignature_Is401()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        var forged = payload.Replace(Market.R1, Market.R2, StringComparison.Ordinal);
        var unsigned = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(forged))}.{parts[2]}";

        using var response = await TestGateway.GetIntervalsAsync(client, unsigned, Market.Ended, "2026-02-01");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.Ended}/intervals?date=2026-02-01"), e => e.Status == 401);
        Assert.Equal(("denied", null, null), (entry.Outcome, entry.ClientId, entry.Retailer));
    }

    [Fact]
    public async Task AccessToken_RevokedByItsClient_Is401OnTheNextRequestAndAudited()
    {
        await using var gateway = await TestGateway.StartAsync(zone);
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        using (var before = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, Date))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var revoke = await RevokeAsync(client, TestGateway.R1Id, TestGateway.R1Secret, token);
        using var after = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, Date);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains("revoked", after.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var entries = await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals");
        Assert.Equal([200, 401], entries.Select(e => e.Status));
        Assert.Equal("the access token has been revoked", entries[1].Reason);
        Assert.Equal(TestGateway.R1Id, entries[1].ClientId);
        var revocation = Assert.Single(await gateway.AuditOfAsync("/connect/revoke"));
        Assert.Equal("token revoked", revocation.Reason);
    }

    [Fact]
    public async Task AccessToken_Revoked_StaysRefusedAfterGatewayRestart()
    {
        var gateway = await TestGateway.StartAsync(zone);
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret);
        using (var revoke = await RevokeAsync(gateway.Client(), TestGateway.R1Id, TestGateway.R1Secret, token))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        // The same directory and the same port: the token's issuer (the gateway's URL) is still this gateway's, so
        // only the persisted revocation can refuse it.
        var directory = gateway.DataDirectory;
        var port = gateway.Url.Port;
        await gateway.DisposeAsync();
        await using var restarted = await TestGateway.StartAsync(zone, dataDirectory: directory, port: port);

        using var after = await TestGateway.GetIntervalsAsync(restarted.Client(), token, Market.R1Only, Date);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);

        // The restarted gateway appends to the same log: the revocation before, the refusal after.
        Assert.Single(await restarted.AuditOfAsync("/connect/revoke"), e => e.Status == 200 && e.Reason == "token revoked");
        var refused = Assert.Single(await restarted.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals"));
        Assert.Equal((401, "denied", "the access token has been revoked"), (refused.Status, refused.Outcome, refused.Reason));
    }

    [Fact]
    public async Task Revocation_OfAnotherClientsToken_Answers200AndLeavesItValid()
    {
        await using var gateway = await TestGateway.StartAsync(zone);
        var client = gateway.Client();
        var r1Token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        using var revoke = await RevokeAsync(client, TestGateway.R2Id, TestGateway.R2Secret, r1Token);
        using var after = await TestGateway.GetIntervalsAsync(client, r1Token, Market.R1Only, Date);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var revocation = Assert.Single(await gateway.AuditOfAsync("/connect/revoke"));
        Assert.Equal((TestGateway.R2Id, 200), (revocation.ClientId, revocation.Status));
        Assert.NotEqual("token revoked", revocation.Reason);
        Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals"), e => e.Status == 200 && e.ClientId == TestGateway.R1Id);
    }

    [Fact]
    public async Task Revocation_WrongClientSecret_Is401InvalidClient()
    {
        await using var gateway = await TestGateway.StartAsync(zone);
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        using var revoke = await RevokeAsync(client, TestGateway.R1Id, "wrong", token);
        using var after = await TestGateway.GetIntervalsAsync(client, token, Market.R1Only, Date);

        Assert.Equal(HttpStatusCode.Unauthorized, revoke.StatusCode);
        Assert.Contains("invalid_client", await revoke.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        var revocation = Assert.Single(await gateway.AuditOfAsync("/connect/revoke"));
        Assert.Equal((TestGateway.R1Id, 401, "denied"), (revocation.ClientId, revocation.Status, revocation.Outcome));
    }

    [Fact]
    public async Task Intervals_NoToken_Is401AndAudited()
    {
        var gateway = zone.Shared;

        using var response = await TestGateway.GetAsync(gateway.Client(), null, $"api/v1/supply-points/{Market.R1Only}/intervals?date=2026-10-31");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Market.R1Only}/intervals?date=2026-10-31"));
        Assert.Equal(401, entry.Status);
        Assert.Null(entry.ClientId);
    }

    internal static Task<HttpResponseMessage> RevokeAsync(HttpClient client, string clientId, string secret, string token) =>
        client.PostAsync(
            new Uri("connect/revoke", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = clientId,
                ["client_secret"] = secret,
                ["token"] = token,
                ["token_type_hint"] = "access_token",
            }));
}
