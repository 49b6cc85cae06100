using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Xml.Linq;

namespace Renkei.Gateway.OpenApi;

/// <summary>
/// The OpenAPI document's body schemas, generated from the wire records (<c>Renkei.Formats.Api</c>) with
/// System.Text.Json's own schema exporter and the options the services serialize with (web defaults: camelCase), so a
/// schema cannot drift from the record it describes. A record used inside another becomes a <c>$ref</c> to its own
/// named schema. Descriptions come from the records' <see cref="DescriptionAttribute"/> or XML documentation, the
/// market's codes from <see cref="AllowedValuesAttribute"/>, the examples from <see cref="WireExamples"/>.
/// </summary>
internal static class WireSchemas
{
    private const string RefPrefix = "#/components/schemas/";

    /// <summary>Every wire record by its schema name (the record's name).</summary>
    private static readonly Dictionary<string, Type> Records = typeof(Formats.Api.Metering.IntervalsResponse).Assembly.GetExportedTypes()
        .Where(t => t.Namespace?.StartsWith("Renkei.Formats.Api", StringComparison.Ordinal) == true && t.IsClass)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Wire = CreateOptions();

    /// <summary>
    /// Adds to <paramref name="schemas"/> the schema of every wire record named by a <c>$ref</c> in
    /// <paramref name="document"/> that the document does not define itself, and of the records those refer to.
    /// </summary>
    public static void AddReferenced(JsonObject document, JsonObject schemas)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(schemas);
        var docs = XmlDocs.Load(typeof(Formats.Api.Metering.IntervalsResponse).Assembly);
        var pending = new Queue<string>(ReferencesIn(document));
        while (pending.TryDequeue(out var name))
        {
            if (schemas.ContainsKey(name))
            {
                continue;
            }

            if (!Records.TryGetValue(name, out var type))
            {
                throw new InvalidOperationException($"the OpenAPI document refers to {RefPrefix}{name}: neither defined in it nor a wire record in Renkei.Formats.Api");
            }

            var schema = SchemaOf(type, docs);
            schemas[name] = schema;
            foreach (var nested in ReferencesIn(schema))
            {
                pending.Enqueue(nested);
            }
        }
    }

    private static JsonNode SchemaOf(Type type, XmlDocs docs)
    {
        var schema = Wire.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Transform(type, docs, context, node),
        });
        if (schema is JsonObject root)
        {
            if ((type.GetCustomAttribute<DescriptionAttribute>()?.Description ?? docs.Summary(type)) is { } description)
            {
                root["description"] = description;
            }

            // Requests: the service checks presence itself and names the field (a 422 rule or a 400), so nothing is
            // marked required. Answers: every member is always written (null where it has no value).
            if (type.Name.EndsWith("Request", StringComparison.Ordinal))
            {
                root.Remove("required");
            }

            if (WireExamples.Of(type) is { } example)
            {
                root["examples"] = new JsonArray(JsonSerializer.SerializeToNode(example, type, Wire));
            }
        }

        return schema;
    }

    private static JsonNode Transform(Type root, XmlDocs docs, JsonSchemaExporterContext context, JsonNode node)
    {
        var type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
        if (context.Path.Length > 0 && type != root && Records.TryGetValue(type.Name, out var record) && record == type && node is JsonObject nested)
        {
            var reference = new JsonObject { ["$ref"] = RefPrefix + type.Name };
            node = IsNullable(nested) ? new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) } : reference;
        }

        // OpenAPI's integer formats, which System.Text.Json's exporter leaves out: a generator then picks a 64-bit
        // type for a long (a slot's version, a feed cursor) instead of a 32-bit one that overflows.
        if (node is JsonObject integer && HasType(integer, "integer") && IntegerFormat(type) is { } format)
        {
            integer["format"] = format;
        }

        if (context.PropertyInfo is { } property && node is JsonObject member)
        {
            var providers = new[] { property.AttributeProvider, property.AssociatedParameter?.AttributeProvider };
            var description = providers.Select(p => p?.GetCustomAttributes(typeof(DescriptionAttribute), true).OfType<DescriptionAttribute>().FirstOrDefault()?.Description)
                .FirstOrDefault(d => d is not null) ?? docs.Parameter(property.DeclaringType, property.AssociatedParameter?.Name);
            if (description is not null)
            {
                member["description"] = description;
            }

            if (providers.Select(p => p?.GetCustomAttributes(typeof(AllowedValuesAttribute), true).OfType<AllowedValuesAttribute>().FirstOrDefault()).FirstOrDefault(a => a is not null) is { } allowed)
            {
                var target = HasType(member, "array") && member["items"] is JsonObject items ? items : member;
                var values = new JsonArray([.. allowed.Values.Select(v => JsonValue.Create(v)!)]);
                if (IsNullable(target))
                {
                    values.Add(null);
                }

                target["enum"] = values;
            }
        }

        return node;
    }

    private static string? IntegerFormat(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Int64 or TypeCode.UInt32 or TypeCode.UInt64 => "int64",
        TypeCode.Int32 or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Byte or TypeCode.SByte => "int32",
        _ => null,
    };

    private static bool IsNullable(JsonObject node) => HasType(node, "null");

    private static bool HasType(JsonObject node, string name) => node["type"] switch
    {
        JsonArray types => types.Any(t => t?.GetValue<string>() == name),
        JsonValue single => single.GetValue<string>() == name,
        _ => false,
    };

    private static IEnumerable<string> ReferencesIn(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref" && value?.GetValue<string>() is { } target && target.StartsWith(RefPrefix, StringComparison.Ordinal))
                    {
                        yield return target[RefPrefix.Length..];
                    }
                    else
                    {
                        foreach (var r in ReferencesIn(value))
                        {
                            yield return r;
                        }
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var r in ReferencesIn(item))
                    {
                        yield return r;
                    }
                }

                break;
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        // The services' options (web defaults), except that numbers are described as numbers: the services write
        // them as numbers (AllowReadingFromString only widens what they read). Constructor parameters without a
        // default are written always, so they are required.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The summaries and parameter comments of an assembly's XML documentation file, if it was shipped beside it.</summary>
    private sealed class XmlDocs(Dictionary<string, XElement> members)
    {
        public static XmlDocs Load(Assembly assembly)
        {
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            var members = new Dictionary<string, XElement>(StringComparer.Ordinal);
            if (File.Exists(path))
            {
                foreach (var member in XDocument.Load(path).Descendants("member"))
                {
                    if (member.Attribute("name")?.Value is { } name)
                    {
                        members[name] = member;
                    }
                }
            }

            return new XmlDocs(members);
        }

        public string? Summary(Type type) => Text(Member(type)?.Element("summary"));

        public string? Parameter(Type? type, string? name) =>
            type is null || name is null ? null : Text(Member(type)?.Elements("param").FirstOrDefault(p => p.Attribute("name")?.Value == name));

        private XElement? Member(Type type) => members.GetValueOrDefault("T:" + type.FullName);

        private static string? Text(XElement? element)
        {
            if (element is null)
            {
                return null;
            }

            // <c>x</c> and <see cref="T:A.B"/> as their text; whitespace of the source's line breaks folded.
            var parts = element.Nodes().Select(n => n switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "paramref" } e => (e.Attribute("cref")?.Value ?? e.Attribute("name")?.Value ?? string.Empty).Split('.', ':')[^1],
                XElement e => e.Value,
                _ => string.Empty,
            });
            var text = string.Join(' ', string.Concat(parts).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return text.Length == 0 ? null : text;
        }
    }
}
