using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Renkei.Domain.Time;
using Renkei.Gateway.OpenApi;
using Renkei.Gateway.Proxy;
using Renkei.Gateway.Tests.Support;
using Renkei.Metering;
using Renkei.Metering.Registry;
using Renkei.Switching;
using Yarp.ReverseProxy.Configuration;

namespace Renkei.Gateway.Tests.OpenApi;

/// <summary>
/// The hand-kept OpenAPI document against what the gateway really routes: a route, method or internal endpoint reachable
/// through the gateway without a description here fails these tests.
/// </summary>
[Collection(InternalZoneCollection.Name)]
public sealed partial class OpenApiDocumentTests(InternalZone zone)
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    [Fact]
    public void Document_DescribesEveryProxiedRouteAndMethod()
    {
        var documented = Documented();
        var missing = new List<string>();
        foreach (var route in ProxyRoutes())
        {
            var pattern = route.Match.Path!;
            foreach (var method in route.Match.Methods!)
            {
                var m = method.ToLowerInvariant();
                var found = pattern.EndsWith("/{**rest}", StringComparison.Ordinal)
                    ? documented.Any(d => d.Method == m && (d.Path == Prefix(pattern) || d.Path.StartsWith(Prefix(pattern) + "/", StringComparison.Ordinal)))
                    : documented.Contains((m, Normalise(pattern)));
                if (!found)
                {
                    missing.Add($"{method} {pattern} (route {route.RouteId})");
                }
            }
        }

        Assert.True(missing.Count == 0, "not in /openapi/v1.json: " + string.Join("; ", missing));
    }

    [Fact]
    public void Document_DescribesEveryInternalEndpointTheProxyReaches()
    {
        var documented = Documented();
        var root = Path.Combine(zone.Root, "openapi-" + Guid.NewGuid().ToString("N"));
        var switching = SwitchingHost.Build(new SwitchingHostOptions { DataDirectory = Path.Combine(root, "switching") }, l => l.ClearProviders());
        var metering = MeteringHost.Build(
            new MeteringHostOptions { DataDirectory = Path.Combine(root, "metering"), FirstSlotToClose = new Slot(Market.SwitchDay, 1) },
            new MeterRegistry(),
            TimeProvider.System,
            l => l.ClearProviders());
        var missing = new List<string>();
        var reached = 0;
        foreach (var (cluster, app) in new[] { (GatewayHost.SwitchingCluster, (IEndpointRouteBuilder)switching), (GatewayHost.MeteringCluster, metering) })
        {
            foreach (var endpoint in app.DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
            {
                var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                {
                    if (PublicPath(cluster, method, path) is not { } publicPath)
                    {
                        continue;
                    }

                    reached++;
                    if (!documented.Contains((method.ToLowerInvariant(), Normalise(publicPath))))
                    {
                        missing.Add($"{method} {publicPath} (internal {path})");
                    }
                }
            }
        }

        Assert.True(reached >= 30, $"only {reached} internal endpoints reachable: the route matching in this test is broken");
        Assert.True(missing.Count == 0, "reachable through the gateway but not in /openapi/v1.json: " + string.Join("; ", missing));
    }

    [Fact]
    public void Document_DescribesTheGatewaysOwnEndpoints()
    {
        var documented = Documented();
        var missing = new List<string>();
        foreach (var endpoint in ((IEndpointRouteBuilder)zone.Shared.App).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!path.StartsWith("/connect/", StringComparison.Ordinal) && !path.StartsWith("/api/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (!documented.Contains((method.ToLowerInvariant(), Normalise(path))) && !IsProxyCatchAll(path))
                {
                    missing.Add($"{method} {path}");
                }
            }
        }

        Assert.True(missing.Count == 0, "not in /openapi/v1.json: " + string.Join("; ", missing));
    }

    [Fact]
    public void Document_EveryOperationStatesASuccessAndSecuredOnesA401()
    {
        using var doc = JsonDocument.Parse(GatewayReference.DocumentBytes);
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var responses = operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();

                // A success is a 2xx, or the 302 of a log-in form's post (its only success).
                Assert.True(responses.Any(r => r.StartsWith('2')) || (path.Name == "/connect/authorize" && responses.Contains("302")), $"{operation.Name} {path.Name}: no success response");
                if (operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0)
                {
                    Assert.True(responses.Contains("401"), $"{operation.Name} {path.Name}: no 401");
                }
            }
        }
    }

    /// <summary>Issue 4: every switching submission requires an Idempotency-Key (the acknowledgement of notifications is not a submission: acknowledging up to a position twice is the same).</summary>
    [Fact]
    public void Document_EverySwitchingSubmissionRequiresAnIdempotencyKey()
    {
        using var doc = JsonDocument.Parse(GatewayReference.DocumentBytes);
        var unkeyed = new List<string>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith("/api/v1/switching/", StringComparison.Ordinal) || path.Name.EndsWith("/notifications/ack", StringComparison.Ordinal)
                || !path.Value.TryGetProperty("post", out var post))
            {
                continue;
            }

            var keyed = post.TryGetProperty("parameters", out var parameters)
                && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header" && p.GetProperty("required").GetBoolean());
            if (!keyed)
            {
                unkeyed.Add(path.Name);
            }
        }

        Assert.True(unkeyed.Count == 0, "POST without a required Idempotency-Key: " + string.Join("; ", unkeyed));
    }

    [Fact]
    public async Task Document_IsServedWithoutATokenAndTheReferencePageLoads()
    {
        var http = zone.Shared.Client();
        using var document = await http.GetAsync(new Uri("openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);
        using var parsed = JsonDocument.Parse(await document.Content.ReadAsStringAsync());
        Assert.Equal("3.1.0", parsed.RootElement.GetProperty("openapi").GetString());

        using var page = await http.GetAsync(new Uri("scalar/v1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(html.Contains("openapi/v1.json", StringComparison.Ordinal), html);
        Assert.Equal(GatewayReference.ReferencePolicy, page.Headers.GetValues("Content-Security-Policy").Single());

        // Self-contained (issue 20): no CDN fonts, no AI agent, no MCP, no developer toolbar (Deploy, Share), no telemetry.
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", html, StringComparison.Ordinal);

        // Every other answer keeps the strict policy.
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", document.Headers.GetValues("Content-Security-Policy").Single());
    }

    /// <summary>Issue 20: a generator can fetch a token (OAuth2 flows with their URLs), and the token endpoints need none.</summary>
    [Fact]
    public void Document_DeclaresOAuth2FlowsServersAndNoSecurityOnTheTokenEndpoints()
    {
        using var doc = JsonDocument.Parse(GatewayReference.DocumentBytes);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("servers").GetArrayLength() > 0);
        var flows = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2").GetProperty("flows");
        Assert.Equal("/connect/token", flows.GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        Assert.Equal("/connect/authorize", flows.GetProperty("authorizationCode").GetProperty("authorizationUrl").GetString());
        foreach (var (path, method) in new[] { ("/connect/token", "post"), ("/connect/authorize", "get"), ("/connect/authorize", "post"), ("/connect/revoke", "post") })
        {
            Assert.Equal(0, root.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("security").GetArrayLength());
        }
    }

    /// <summary>Issue 20: no body is a bare object; every JSON body names its schema.</summary>
    [Fact]
    public void Document_EveryJsonBodyIsANamedSchema()
    {
        using var doc = JsonDocument.Parse(GatewayReference.DocumentBytes);
        var bare = new List<string>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var bodies = operation.Value.GetProperty("responses").EnumerateObject().Select(r => (r.Name, r.Value)).ToList();
                if (operation.Value.TryGetProperty("requestBody", out var request))
                {
                    bodies.Add(("request", request));
                }

                foreach (var (name, body) in bodies)
                {
                    if (body.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json)
                        && !(json.GetProperty("schema").TryGetProperty("$ref", out _) || json.GetProperty("schema").TryGetProperty("items", out var items) && items.TryGetProperty("$ref", out _)
                             || json.GetProperty("schema").TryGetProperty("anyOf", out _)))
                    {
                        bare.Add($"{operation.Name} {path.Name} {name}");
                    }
                }
            }
        }

        Assert.True(bare.Count == 0, "JSON bodies without a named schema: " + string.Join("; ", bare));
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Equal(
            ["01", "03", "04", "05", "06", "08", "09", "10"],
            schemas.GetProperty("ApplicationView").GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    /// <summary>
    /// Issue 20: a generated client can fetch its token (the grant type a plain string with its default, not an enum a
    /// generator may send as its C# name), and a 64-bit member is <c>int64</c> (else generators make it an int).
    /// </summary>
    [Fact]
    public void Document_TokenGrantTypeIsAPlainStringDefault_AndLongsAreInt64()
    {
        using var doc = JsonDocument.Parse(GatewayReference.DocumentBytes);
        var root = doc.RootElement;
        var grant = root.GetProperty("paths").GetProperty("/connect/token").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/x-www-form-urlencoded").GetProperty("schema").GetProperty("properties").GetProperty("grant_type");
        var schemas = root.GetProperty("components").GetProperty("schemas");

        Assert.Equal("client_credentials", grant.GetProperty("default").GetString());
        Assert.False(grant.TryGetProperty("enum", out _));
        Assert.Equal("int64", schemas.GetProperty("SlotValue").GetProperty("properties").GetProperty("version").GetProperty("format").GetString());
        Assert.Equal("int64", schemas.GetProperty("EventPage").GetProperty("properties").GetProperty("next").GetProperty("format").GetString());
        Assert.Equal("int32", schemas.GetProperty("SlotValue").GetProperty("properties").GetProperty("slot").GetProperty("format").GetString());
    }

    private IReadOnlyList<RouteConfig> ProxyRoutes() => zone.Shared.App.Services.GetRequiredService<IProxyConfigProvider>().GetConfig().Routes;

    /// <summary>The public path a request to an internal endpoint would have, if some proxy route forwards it there.</summary>
    private string? PublicPath(string cluster, string method, string internalPath)
    {
        foreach (var route in ProxyRoutes().Where(r => r.ClusterId == cluster && r.Match.Methods!.Contains(method, StringComparer.OrdinalIgnoreCase)))
        {
            var target = InternalPathTransform.PatternOf(route)
                ?? route.Transforms!.Select(t => t.GetValueOrDefault("PathPattern")).Single(p => p is not null)!;
            if (target.EndsWith("/{**rest}", StringComparison.Ordinal))
            {
                var internalPrefix = Prefix(target);
                if (internalPath == internalPrefix || internalPath.StartsWith(internalPrefix + "/", StringComparison.Ordinal))
                {
                    return Prefix(route.Match.Path!) + internalPath[internalPrefix.Length..];
                }
            }
            else if (Normalise(target) == Normalise(internalPath))
            {
                return route.Match.Path!;
            }
        }

        return null;
    }

    private bool IsProxyCatchAll(string path) => path.EndsWith("/{**rest}", StringComparison.Ordinal) && ProxyRoutes().Any(r => r.Match.Path == path);

    private static HashSet<(string Method, string Path)> Documented()
    {
        using var doc = JsonDocument.Parse(GatewayReference.DocumentBytes);
        var set = new HashSet<(string, string)>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                set.Add((operation.Name, Normalise(path.Name)));
            }
        }

        return set;
    }

    private static string Prefix(string catchAll) => catchAll[..^"/{**rest}".Length];

    /// <summary>Route parameters compared by position, not name (and without constraints): <c>/a/{id:int}</c> = <c>/a/{x}</c>.</summary>
    private static string Normalise(string path) => Parameter().Replace(path.Length > 1 ? path.TrimEnd('/') : path, "{}");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
