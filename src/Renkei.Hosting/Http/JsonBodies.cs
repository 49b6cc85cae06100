using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Formats.Text;

namespace Renkei.Hosting.Http;

/// <summary>
/// How every node reads a JSON body, and how it answers one it cannot read: duplicate keys are refused (a second
/// <c>supplyPointId</c> must not quietly win), a string with a control character is refused, and a body that does not
/// bind is answered 400 problem details naming the field's JSON path, its line and its byte position instead of the
/// framework's "Failed to read parameter". The minimal APIs of a node get all of it from <see cref="AddJsonBodies"/>;
/// code that deserialises a body itself uses <see cref="Options"/> and <see cref="Problem(JsonException)"/>.
/// </summary>
public static class JsonBodies
{
    /// <summary>The title of the answer to a JSON body that does not bind.</summary>
    public const string MalformedTitle = "Malformed JSON body";

    /// <summary>Web defaults (camelCase, case-insensitive names), duplicate keys refused, control characters in strings refused.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Sets the rules of a JSON body on <paramref name="options"/>.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new CleanStringConverter());
        return options;
    }

    /// <summary>
    /// The node's minimal APIs read bodies with <see cref="Configure"/>'s rules, a body or parameter that does not bind
    /// is thrown rather than answered with an empty 400, and the problem details of such a request (through the node's
    /// exception handler, <see cref="RequestProblems"/>) name the field, line and position.
    /// </summary>
    public static IServiceCollection AddJsonBodies(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // The framework's traceId names an internal connection, and the gateway passes these answers on.
            c.ProblemDetails.Extensions.Remove("traceId");
            if (c.Exception is BadHttpRequestException bad)
            {
                var answer = RequestProblems.Of(bad);
                c.ProblemDetails.Status = answer.StatusCode;
                c.ProblemDetails.Title = answer.ProblemDetails.Title;
                c.ProblemDetails.Detail = answer.ProblemDetails.Detail;
                foreach (var (key, value) in answer.ProblemDetails.Extensions)
                {
                    c.ProblemDetails.Extensions[key] = value;
                }
            }
        });
        return services;
    }

    /// <summary>400 problem details for a body that does not bind: <c>field</c> (the JSON path), <c>line</c> (1-based) and <c>position</c> (the bytes of that line read when the fault was found).</summary>
    public static ProblemHttpResult Problem(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var field = Echo.Prefix(error.Path ?? "$");
        long? line = error.LineNumber is { } l ? l + 1 : null;
        long? position = error.BytePositionInLine;
        var where = line is null
            ? $"at {field}"
            : string.Create(CultureInfo.InvariantCulture, $"at {field}, line {line}, byte {position}");
        return TypedResults.Problem(
            detail: $"the body is not valid for this route {where}: {Reason(error)}",
            statusCode: StatusCodes.Status400BadRequest,
            title: MalformedTitle,
            extensions: new Dictionary<string, object?> { ["field"] = field, ["line"] = line, ["position"] = position });
    }

    /// <summary>The first control character inside the strings of <paramref name="element"/> (a body bound as a JSON element), as the path of its string and why; null when there is none.</summary>
    public static (string Field, string Message)? FindControlCharacter(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                var at = ControlCharacters.IndexOf(text);
                return at < 0 ? null : (Echo.Prefix(path), ControlCharacters.Describe(text, at));
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (ControlCharacters.IndexOf(property.Name) >= 0)
                    {
                        return (Echo.Prefix(path), "a property name holds a control character");
                    }

                    if (FindControlCharacter(property.Value, path + "." + property.Name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindControlCharacter(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]")) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The exception's reason without the path suffix System.Text.Json appends (the answer has its own fields), cut to a short echo.</summary>
    private static string Reason(JsonException error)
    {
        var message = error.Message;
        var suffix = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (suffix < 0)
        {
            suffix = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        if (suffix >= 0)
        {
            message = message[..suffix];
        }

        // A reason quotes outside text (a duplicate key's name, a bad token): kept short.
        return Echo.Prefix(message, RequestProblems.MaxReasonLength);
    }

    /// <summary>Every string of a body: refused when it holds a control character (the serializer adds the path, line and position).</summary>
    private sealed class CleanStringConverter : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString()!;
            var at = ControlCharacters.IndexOf(text);
            return at < 0 ? text : throw new JsonException(ControlCharacters.Describe(text, at));
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            writer.WriteStringValue(value);
        }
    }
}
