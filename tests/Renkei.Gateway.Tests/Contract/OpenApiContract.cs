using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Renkei.Gateway.Tests.Contract;

/// <summary>
/// The served OpenAPI document as a contract: which operation a request is, and whether an answer is one the operation
/// documents (its status, its media type, and its body valid against the documented schema, checked by JsonSchema.Net
/// with formats such as <c>date</c> and <c>date-time</c> enforced).
/// </summary>
public sealed partial class OpenApiContract
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    /// <summary>OpenAPI's own formats, which JSON Schema does not know (and would refuse to enforce).</summary>
    private static readonly string[] OpenApiFormats = ["int32", "int64", "binary", "double", "float"];

    private readonly JsonObject document;
    private readonly JsonObject definitions;
    private readonly Dictionary<string, JsonSchema> built = new(StringComparer.Ordinal);

    public OpenApiContract(string json)
    {
        document = JsonNode.Parse(json)!.AsObject();
        definitions = Rewrite(document["components"]!["schemas"]!.DeepClone()).AsObject();
        Operations = [.. document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => Methods.Contains(o.Key))
            .Select(o => new Operation(o.Key.ToUpperInvariant(), p.Key, o.Value!.AsObject())))];
    }

    public IReadOnlyList<Operation> Operations { get; }

    /// <summary>The documented operation a request's method and path (without query) is, or null.</summary>
    public Operation? Find(HttpMethod method, string path) =>
        Operations.Where(o => o.Method == method.Method && o.Matches(path)).OrderBy(o => o.Parameters).FirstOrDefault();

    /// <summary>Every way <paramref name="response"/> departs from what <paramref name="operation"/> documents (none: it conforms).</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(Operation operation, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(response);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var responses = operation.Node["responses"]!.AsObject();
        if (responses[status] is not JsonObject documented)
        {
            return [$"status {status} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))})"];
        }

        var body = await response.Content.ReadAsByteArrayAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (documented["content"] is not JsonObject content || content.Count == 0)
        {
            return body.Length == 0 ? [] : [$"{status} documents no body, answered {body.Length} bytes of {mediaType}"];
        }

        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            return [$"{status} answered {mediaType ?? "no content type"}; documented: {string.Join(", ", content.Select(c => c.Key))}"];
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || media["schema"] is not JsonObject schema)
        {
            return body.Length > 0 || response.Content.Headers.ContentLength is null ? [] : [$"{status} {mediaType}: empty body"];
        }

        using var instance = JsonDocument.Parse(body);
        return Validate(schema, instance.RootElement, $"{status} {mediaType}");
    }

    /// <summary>Every error of <paramref name="instance"/> against a schema of the document (its <c>$ref</c>s resolved in it).</summary>
    public IReadOnlyList<string> Validate(JsonObject schema, JsonElement instance, string what)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var text = schema.ToJsonString();
        if (!built.TryGetValue(text, out var compiled))
        {
            var root = Rewrite(schema.DeepClone()).AsObject();
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            root["$defs"] = definitions.DeepClone();
            compiled = JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://contract.renkei.test/schema/{Guid.NewGuid():N}"));
            built[text] = compiled;
        }

        var result = compiled.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return [];
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{what}: {d.InstanceLocation} {e.Key}: {e.Value}"))
            .ToList();
        var shown = instance.GetRawText();
        return [.. (errors.Count > 0 ? errors : [$"{what}: invalid"]).Take(8), $"body: {(shown.Length > 600 ? shown[..600] + "…" : shown)}"];
    }

    /// <summary>The schemas with their examples: every example a schema of the document gives.</summary>
    public IEnumerable<(string Name, JsonObject Schema, JsonNode Example)> Examples() =>
        document["components"]!["schemas"]!.AsObject()
            .SelectMany(s => (s.Value!["examples"] as JsonArray ?? []).Select(e => (s.Key, s.Value!.AsObject(), e!)));

    /// <summary>Refs into components become refs into <c>$defs</c>; OpenAPI-only formats are dropped.</summary>
    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue r && r.GetValue<string>().StartsWith("#/components/schemas/", StringComparison.Ordinal))
                {
                    o["$ref"] = "#/$defs/" + r.GetValue<string>()["#/components/schemas/".Length..];
                }

                if (o["format"] is JsonValue f && OpenApiFormats.Contains(f.GetValue<string>()))
                {
                    o.Remove("format");
                }

                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (o[key] is { } child)
                    {
                        Rewrite(child);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    if (item is not null)
                    {
                        Rewrite(item);
                    }
                }

                break;
        }

        return node;
    }

    public sealed partial class Operation(string method, string path, JsonObject node)
    {
        private readonly Regex pattern = new("^" + Parameter().Replace(Regex.Escape(path).Replace("\\{", "{", StringComparison.Ordinal), "[^/]+") + "$");

        public string Method { get; } = method;

        public string Path { get; } = path;

        public JsonObject Node { get; } = node;

        public string Key => $"{Method} {Path}";

        public int Parameters => Path.Count(c => c == '{');

        /// <summary>Whether the operation requires a token (a non-empty <c>security</c>).</summary>
        public bool Secured => Node["security"] is JsonArray { Count: > 0 };

        public bool Matches(string concretePath) => pattern.IsMatch(concretePath);

        /// <summary>The path with every parameter filled with <paramref name="value"/>.</summary>
        public string Fill(string value) => Parameter().Replace(Path, value);

        [GeneratedRegex(@"\{[^}]*\}")]
        private static partial Regex Parameter();
    }
}
