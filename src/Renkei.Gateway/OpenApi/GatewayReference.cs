using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Renkei.Gateway.OpenApi;

/// <summary>
/// The retailer API's description: <c>GET /openapi/v1.json</c> (OpenAPI 3.1: the paths kept by hand in
/// <c>renkei-gateway.openapi.json</c> beside the route table, embedded in the assembly; the body schemas generated
/// from the wire records by <see cref="WireSchemas"/>) and the interactive reference at <c>/scalar</c> (Scalar, its
/// scripts served from the package; no CDN fonts, no calls to Scalar's services). Both answer without a token: they
/// hold no data. Why hand-kept: docs/architecture.md; how to lint it and generate a client: docs/api.md.
/// </summary>
internal static class GatewayReference
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePrefix = "/scalar";
    private const string ResourceName = "Renkei.Gateway.OpenApi.renkei-gateway.openapi.json";

    private static readonly Lazy<byte[]> Document = new(Build);

    /// <summary>The document's bytes, as served.</summary>
    public static ReadOnlyMemory<byte> DocumentBytes => Document.Value;

    public static IEndpointRouteBuilder MapGatewayReference(this IEndpointRouteBuilder app)
    {
        app.MapGet(DocumentPath, () => Results.Bytes(Document.Value, "application/json"));
        app.MapScalarApiReference(ReferencePrefix, o =>
        {
            o.Title = "Renkei retailer API";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";

            // Self-contained: the page loads nothing and calls nothing outside the gateway (its policy would refuse
            // it anyway): the system fonts instead of Scalar's CDN fonts, no AI agent ("Ask AI"), no MCP, no
            // developer toolbar ("Deploy", "Share"), no telemetry; requests go straight from the browser, not
            // through a proxy.
            o.DefaultFonts = false;
            o.Agent = new ScalarAgentOptions { Disabled = true };
            o.Mcp = new ScalarMcpOptions { Disabled = true };
            o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            o.Telemetry = false;
            o.ProxyUrl = null;
            o.PersistentAuthentication = false;
        });
        return app;
    }

    /// <summary>The hand-kept paths with the wire records' schemas added, as served.</summary>
    private static byte[] Build()
    {
        using var stream = typeof(GatewayReference).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} missing");
        var document = JsonNode.Parse(stream)!.AsObject();
        WireSchemas.AddReferenced(document, document["components"]!["schemas"]!.AsObject());
        return JsonSerializer.SerializeToUtf8Bytes(document, Indented);
    }

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The reference page runs scripts and styles from the gateway itself (inline ones included: Scalar writes its
    /// configuration inline); every other answer keeps <c>default-src 'none'</c>.
    /// </summary>
    public static bool IsReferencePage(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Path.StartsWithSegments(ReferencePrefix, StringComparison.Ordinal);
    }

    public const string ReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
}
