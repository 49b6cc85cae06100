using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scalar.AspNetCore;

namespace Renkei.Gateway.OpenApi;

/// <summary>
/// The retailer API's description: <c>GET /openapi/v1.json</c> (OpenAPI 3.1, kept by hand in
/// <c>renkei-gateway.openapi.json</c> beside the route table, embedded in the assembly) and the interactive reference
/// at <c>/scalar</c> (Scalar, its scripts served from the package, not a CDN). Both answer without a token: they hold
/// no data. Why hand-kept: docs/architecture.md.
/// </summary>
internal static class GatewayReference
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePrefix = "/scalar";
    private const string ResourceName = "Renkei.Gateway.OpenApi.renkei-gateway.openapi.json";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(GatewayReference).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The document's bytes, as served.</summary>
    public static ReadOnlyMemory<byte> DocumentBytes => Document.Value;

    public static IEndpointRouteBuilder MapGatewayReference(this IEndpointRouteBuilder app)
    {
        app.MapGet(DocumentPath, () => Results.Bytes(Document.Value, "application/json"));
        app.MapScalarApiReference(ReferencePrefix, o =>
        {
            o.Title = "Renkei retailer API";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";
        });
        return app;
    }

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
