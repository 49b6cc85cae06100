using System.Net;
using System.Text.Json;

namespace Renkei.Client;

/// <summary>
/// The gateway refused a request: the RFC 9457 problem details it answered (or the OAuth2 error of the token
/// endpoint, with <see cref="Title"/> the error code and <see cref="Detail"/> its description).
/// </summary>
public sealed class RenkeiApiException : Exception
{
    public RenkeiApiException()
    {
    }

    public RenkeiApiException(string message)
        : base(message)
    {
    }

    public RenkeiApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RenkeiApiException(HttpStatusCode status, string? type, string? title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>> errors, string? body)
        : base(Describe(status, title, detail, errors))
    {
        StatusCode = status;
        Type = type;
        Title = title;
        Detail = detail;
        Errors = errors;
        Body = body;
    }

    public HttpStatusCode StatusCode { get; }

    public string? Type { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>Field name → what is wrong with it (the problem's <c>errors</c> member), empty when none was named.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The answer's body as received (truncated to 4,000 characters).</summary>
    public string? Body { get; }

    /// <summary>Reads a refused answer into the exception (never throws for an unreadable body).</summary>
    public static async Task<RenkeiApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > 4000)
        {
            body = body[..4000];
        }

        string? type = null, title = null, detail = null;
        var errors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                type = Text(root, "type");
                title = Text(root, "title") ?? Text(root, "error");
                detail = Text(root, "detail") ?? Text(root, "error_description");
                if (root.TryGetProperty("errors", out var e))
                {
                    ReadErrors(e, errors);
                }
                else if (Text(root, "field") is { } field)
                {
                    // The data routes' form: one field named, the detail says why.
                    errors[field] = [detail ?? title ?? string.Empty];
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, an empty body): the status and the raw body are all there is.
        }

        return new RenkeiApiException(response.StatusCode, type, title ?? response.ReasonPhrase, detail, errors, body);
    }

    private static void ReadErrors(JsonElement e, Dictionary<string, IReadOnlyList<string>> errors)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in e.EnumerateObject())
            {
                errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                    ? [.. field.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : v.GetRawText())]
                    : [field.Value.ToString()];
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            // The switching node's form: [{field, message, code, ...}].
            foreach (var item in e.EnumerateArray())
            {
                var field = item.ValueKind == JsonValueKind.Object ? Text(item, "field") ?? string.Empty : string.Empty;
                var message = item.ValueKind == JsonValueKind.Object ? Text(item, "message") ?? item.GetRawText() : item.ToString();
                errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
            }
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Describe(HttpStatusCode status, string? title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>> errors)
    {
        var text = $"{(int)status} {title}".TrimEnd();
        if (!string.IsNullOrEmpty(detail))
        {
            text += ": " + detail;
        }

        foreach (var (field, messages) in errors)
        {
            if (messages.Count == 1 && messages[0] == detail)
            {
                text += $" (field {field})";
                continue;
            }

            text += $"; {(field.Length == 0 ? "error" : field)}: {string.Join(", ", messages)}";
        }

        return text;
    }
}
