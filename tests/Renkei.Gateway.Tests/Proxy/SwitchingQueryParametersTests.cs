using System.Text.Json;
using Renkei.Gateway.OpenApi;
using Renkei.Gateway.Proxy;

namespace Renkei.Gateway.Tests.Proxy;

/// <summary>
/// The query parameters the gateway admits on each switching endpoint (<see cref="SwitchingRoutes.ParametersOf"/>)
/// are exactly those the OpenAPI document gives retailers for that operation: a parameter documented but refused, or
/// admitted but undocumented, fails here.
/// </summary>
public sealed class SwitchingQueryParametersTests
{
    [Fact]
    public void EverySwitchingOperation_AdmitsExactlyItsDocumentedQueryParameters()
    {
        using var doc = JsonDocument.Parse(GatewayReference.DocumentBytes);
        var checkedOperations = 0;
        var mismatches = new List<string>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (!path.Name.StartsWith(SwitchingRoutes.PublicPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var (route, rest) = RouteOf(path.Name[SwitchingRoutes.PublicPrefix.Length..]);
            foreach (var operation in path.Value.EnumerateObject())
            {
                var documented = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray()
                    : [];
                var admitted = SwitchingRoutes.ParametersOf(route, operation.Name.ToUpperInvariant(), rest).Order(StringComparer.Ordinal).ToArray();
                checkedOperations++;
                if (!documented.SequenceEqual(admitted, StringComparer.Ordinal))
                {
                    mismatches.Add($"{operation.Name.ToUpperInvariant()} {path.Name}: documented [{string.Join(", ", documented)}], admitted [{string.Join(", ", admitted)}]");
                }
            }
        }

        Assert.True(checkedOperations >= 25, $"only {checkedOperations} switching operations found: the document's paths changed shape");
        Assert.True(mismatches.Count == 0, string.Join("; ", mismatches));
    }

    /// <summary>The route (as <see cref="SwitchingRoutes.Routes"/> names it) and the catch-all's rest of a path under the public prefix.</summary>
    private static (string Route, string Remainder) RouteOf(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? path : path[..slash];
        var rest = slash < 0 ? string.Empty : path[(slash + 1)..];
        return first switch
        {
            "supply-points" when rest == "search" => ("switching-supply-point-search", string.Empty),
            "supply-points" when rest.EndsWith("/facility", StringComparison.Ordinal) => ("switching-supply-point-facility", string.Empty),
            "supply-points" when rest.EndsWith("/consent-passwords", StringComparison.Ordinal) => ("switching-supply-point-consent-passwords", string.Empty),
            _ => ("switching-" + first, rest),
        };
    }
}
