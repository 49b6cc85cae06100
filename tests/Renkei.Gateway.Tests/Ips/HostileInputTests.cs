using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Renkei.Gateway.Tests.Support;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Gateway.Tests.Ips;

/// <summary>
/// Traversal and injection strings in every parameter of the data route (supply point ID, date, direction, an
/// unexpected parameter, the path itself): each is refused with the exact status named, nothing reaches the
/// internal zone, and the attempt is audited.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed class HostileInputTests(InternalZone zone)
{
    private const string Good = Market.R1Only;

    public static TheoryData<string, HttpStatusCode> Targets => new()
    {
        // The supply point ID (route value).
        { "api/v1/supply-points/' OR '1'='1/intervals?date=2026-11-09", HttpStatusCode.BadRequest },
        { "api/v1/supply-points/0310000000000000000002%27--/intervals?date=2026-11-09", HttpStatusCode.BadRequest },
        { "api/v1/supply-points/%3Cscript%3Ealert(1)%3C%2Fscript%3E/intervals?date=2026-11-09", HttpStatusCode.BadRequest },
        { "api/v1/supply-points/03100000000000000000021/intervals?date=2026-11-09", HttpStatusCode.BadRequest },
        { "api/v1/supply-points/${jndi:ldap:x}/intervals?date=2026-11-09", HttpStatusCode.BadRequest },

        // Traversal and encoded separators in the path.
        { $"api/v1/supply-points/{Good}%2F..%2F..%2Finternal/intervals?date=2026-11-09", HttpStatusCode.BadRequest },
        { $"api/v1/supply-points/{Good}%252F..%252Fx/intervals?date=2026-11-09", HttpStatusCode.BadRequest },
        { $"api/v1/supply-points/{Good}%5C..%5Cx/intervals?date=2026-11-09", HttpStatusCode.BadRequest },
        { $"api/v1//supply-points/{Good}/intervals?date=2026-11-09", HttpStatusCode.BadRequest },

        // The date.
        { $"api/v1/supply-points/{Good}/intervals?date=2026-11-09'%20OR%201=1--", HttpStatusCode.BadRequest },
        { $"api/v1/supply-points/{Good}/intervals?date=../../etc/passwd", HttpStatusCode.BadRequest },
        { $"api/v1/supply-points/{Good}/intervals?date=%252e%252e", HttpStatusCode.BadRequest },
        { $"api/v1/supply-points/{Good}/intervals?date=2026-13-01", HttpStatusCode.BadRequest },
        { $"api/v1/supply-points/{Good}/intervals?date=2026-11-09&date=2026-11-10", HttpStatusCode.BadRequest },

        // The direction, and parameters the route does not take.
        { $"api/v1/supply-points/{Good}/intervals?date=2026-11-09&direction=import;DROP%20TABLE", HttpStatusCode.BadRequest },
        { $"api/v1/supply-points/{Good}/intervals?date=2026-11-09&direction=%3Cx%3E", HttpStatusCode.BadRequest },
        { $"api/v1/supply-points/{Good}/intervals?date=2026-11-09&retailer=R0002", HttpStatusCode.BadRequest },
        { $"api/v1/supply-points/{Good}/intervals?date=2026-11-09&supplyPointId=0310000000000000000001", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task DataRoute_HostileInput_IsRefusedAndAudited(string target, HttpStatusCode expected)
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway.Url, target));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var before = (await gateway.Audit.QueryAsync(new Renkei.Hosting.Audit.AuditQuery { Limit = 100_000 })).Count;

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = problem.RootElement.GetProperty("detail").GetString();
        var all = await gateway.Audit.QueryAsync(new Renkei.Hosting.Audit.AuditQuery { Limit = 100_000 });
        Assert.Equal(before + 1, all.Count);
        var entry = all[^1];
        Assert.StartsWith("/api/v1/", entry.Path, StringComparison.Ordinal);
        Assert.Equal((int)expected, entry.Status);
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("denied", entry.Outcome);

        // Refused by the gateway itself (its request filter or access decision), with the reason it gave the client.
        Assert.Contains(entry.Reason, new[] { "path traversal or encoded path separators", "double-encoded query", "malformed supply point ID", "invalid date", "invalid direction", "unexpected query parameter" });
        Assert.NotNull(detail);
    }

    /// <summary>
    /// The same hostile targets sent to a gateway whose metering node is a recording stand-in behind the real caller
    /// proof check: none of them reaches it, and a well-formed request does (so the recorder can see requests).
    /// </summary>
    [Fact]
    public async Task DataRoute_HostileInput_NothingReachesTheInternalZone()
    {
        var seen = new List<string>();
        await using var recorder = await StartRecorderAsync(zone, seen);
        await using var gateway = await TestGateway.StartAsync(zone, meteringUrl: new Uri(recorder.Urls.First() + "/"));
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        foreach (var row in Targets)
        {
            using var refused = await TestGateway.GetAsync(client, token, (string)row[0]);
            Assert.Equal((HttpStatusCode)row[1], refused.StatusCode);
        }

        Assert.Empty(seen);
        using var good = await TestGateway.GetAsync(client, token, $"api/v1/supply-points/{Good}/intervals?date=2026-11-09");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal([$"/internal/v1/supply-points/{Good}/intervals?date=2026-11-09"], seen);
    }

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartRecorderAsync(InternalZone zone, List<string> seen)
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddInternalCallerTrust(new Renkei.Hosting.InternalAuth.InternalCallerTrust
        {
            Audience = "metering",
            Callers = [new Renkei.Hosting.InternalAuth.InternalCaller("gateway", Renkei.Hosting.InternalAuth.InternalCallerKey.PublicOnly(zone.GatewayKey), [new Renkei.Hosting.InternalAuth.InternalRoute("GET", "/internal/v1/")])],
        });
        var app = builder.Build();
        app.UseInternalCallerProof();
        app.Run((HttpContext context) =>
        {
            // The gateway's webhook dispatcher follows metering's change feed on its own: not a retailer request.
            if (!context.Request.Path.StartsWithSegments("/internal/v1/changes", StringComparison.Ordinal))
            {
                lock (seen)
                {
                    seen.Add(context.Request.Path.Value + context.Request.QueryString.Value);
                }
            }

            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{}");
        });
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task DataRoute_ValidDirection_IsForwarded()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var token = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);

        using var response = await TestGateway.GetAsync(client, token, $"api/v1/supply-points/{Good}/intervals?date=2026-11-09&direction=export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"direction\":\"export\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Good}/intervals?date=2026-11-09&direction=export"), e => e.Status == 200 && e.Outcome == "allowed" && e.ClientId == TestGateway.R1Id);
    }

    [Theory]
    [InlineData("/api/v1/supply-points/../../internal/v1/status")]
    [InlineData("/api/v1/supply-points/%2e%2e/%2e%2e/internal/v1/status")]
    [InlineData("/api/v1/supply-points/%2E%2E%2F%2E%2E%2Finternal/v1/status")]
    [InlineData("/api/v1/%252e%252e/internal/v1/status")]
    [InlineData("/api/v1/supply-points/0310000000000000000002/..%5c..%5cinternal/intervals?date=2026-11-09")]
    public async Task RawTarget_TraversalOrDoubleEncoding_Is400AndAudited(string target)
    {
        var gateway = zone.Shared;
        var before = (await gateway.Audit.QueryAsync(new Renkei.Hosting.Audit.AuditQuery { Limit = 100_000 })).Count;
        await using var raw = await RawHttps.ConnectAsync(gateway.Url);

        await raw.WriteAsync($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        var head = await raw.ReadResponseHeadAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        var all = await gateway.Audit.QueryAsync(new Renkei.Hosting.Audit.AuditQuery { Limit = 100_000 });
        Assert.Equal(before + 1, all.Count);
        Assert.Equal("path traversal or encoded path separators", all[^1].Reason);
        Assert.Equal(400, all[^1].Status);
    }

    /// <summary>
    /// The request filter refuses before authentication; a bearer token the gateway has already validated still
    /// names the client and retailer in the audit entry. A token it has not validated yet (valid or not) is not
    /// validated by the filter: that entry, like one without a token, names the address only.
    /// </summary>
    [Fact]
    public async Task RawTarget_Traversal_IsAuditedWithTheClientOnlyWhenItsTokenIsAlreadyValidated()
    {
        var gateway = zone.Shared;
        var client = gateway.Client();
        var known = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        var unused = await gateway.TokenAsync(TestGateway.R1Id, TestGateway.R1Secret, client);
        using (var served = await TestGateway.GetIntervalsAsync(client, known, Good, "2026-11-09"))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        var withKnown = await TraversalAsync(gateway, $"Authorization: Bearer {known}\r\n");
        var withUnused = await TraversalAsync(gateway, $"Authorization: Bearer {unused}\r\n");
        var withForged = await TraversalAsync(gateway, "Authorization: Bearer not-a-token\r\n");
        var without = await TraversalAsync(gateway, string.Empty);

        Assert.Equal((TestGateway.R1Id, Market.R1), (withKnown.ClientId, withKnown.Retailer));
        Assert.Equal(((string?)null, (string?)null), (withUnused.ClientId, withUnused.Retailer));
        Assert.Equal(((string?)null, (string?)null), (withForged.ClientId, withForged.Retailer));
        Assert.Equal(((string?)null, (string?)null), (without.ClientId, without.Retailer));
        Assert.All([withKnown, withUnused, withForged, without], e => Assert.Equal(
            (400, "denied", "path traversal or encoded path separators", "127.0.0.1"), (e.Status, e.Outcome, e.Reason, e.SourceAddress)));
    }

    private static async Task<Renkei.Hosting.Audit.AuditEntry> TraversalAsync(TestGateway gateway, string headers)
    {
        var before = (await gateway.Audit.QueryAsync(new Renkei.Hosting.Audit.AuditQuery { Limit = 100_000 })).Count;
        await using var raw = await RawHttps.ConnectAsync(gateway.Url);
        await raw.WriteAsync($"GET /api/v1/supply-points/../../internal/v1/status HTTP/1.1\r\nHost: localhost\r\n{headers}Connection: close\r\n\r\n");
        var head = await raw.ReadResponseHeadAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        var all = await gateway.Audit.QueryAsync(new Renkei.Hosting.Audit.AuditQuery { Limit = 100_000 });
        Assert.Equal(before + 1, all.Count);
        return all[^1];
    }

    [Fact]
    public async Task RawTarget_EncodedNul_IsRefusedByKestrelBeforeTheApplication()
    {
        var gateway = zone.Shared;
        await using var raw = await RawHttps.ConnectAsync(gateway.Url);

        var before = (await gateway.Audit.QueryAsync(new Renkei.Hosting.Audit.AuditQuery { Limit = 100_000 })).Count;
        await raw.WriteAsync($"GET /api/v1/supply-points/{Good}%00/intervals?date=2026-11-09 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        var head = await raw.ReadResponseHeadAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        var all = await gateway.Audit.QueryAsync(new Renkei.Hosting.Audit.AuditQuery { Limit = 100_000 });
        Assert.Equal(before + 1, all.Count);
        Assert.Equal((400, "denied", "127.0.0.1"), (all[^1].Status, all[^1].Outcome, all[^1].SourceAddress));
        Assert.EndsWith("(refused by the server)", all[^1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("TRACE")]
    public async Task DataRoute_OtherMethods_Get405(string method)
    {
        var gateway = zone.Shared;

        var date = method switch { "PUT" => "2026-10-01", "DELETE" => "2026-10-02", _ => "2026-10-03" };
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(gateway.Url, $"api/v1/supply-points/{Good}/intervals?date={date}"));
        using var response = await gateway.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var entry = Assert.Single(await gateway.AuditOfAsync($"/api/v1/supply-points/{Good}/intervals?date={date}"), e => e.Method == method);
        Assert.Equal((405, "denied", "method not allowed"), (entry.Status, entry.Outcome, entry.Reason));
    }
}
