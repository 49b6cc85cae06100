using System.Text.Json;
using Renkei.Web.Localization;

namespace Renkei.Web.Gateway;

/// <summary>
/// The RFC 9457 problem details of a refused request, as the screens show them: the title and detail, and the
/// failed rules per request field (<c>errors[]</c> with <c>code</c>, <c>field</c>, <c>message</c>,
/// <c>messageJa</c>, as the switching API answers), each shown next to its field in the user's language.
/// </summary>
internal sealed class ProblemErrors
{
    public static readonly ProblemErrors Empty = new(null, null, []);

    private ProblemErrors(string? title, string? detail, IReadOnlyList<FieldError> errors)
    {
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    public string? Title { get; }

    public string? Detail { get; }

    public IReadOnlyList<FieldError> Errors { get; }

    public bool Any => Title is not null || Errors.Count > 0;

    public static ProblemErrors Parse(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }

            var errors = new List<FieldError>();
            if (root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var e in list.EnumerateArray())
                {
                    if (e.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    errors.Add(new FieldError(
                        Text(e, "code") ?? string.Empty,
                        Text(e, "field") ?? string.Empty,
                        Text(e, "message") ?? string.Empty,
                        Text(e, "messageJa") ?? Text(e, "message") ?? string.Empty,
                        e.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number ? line.GetInt32() : null));
                }
            }

            return new ProblemErrors(Text(root, "title"), Text(root, "detail"), errors);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    /// <summary>The messages for <paramref name="field"/> in <paramref name="lang"/>.</summary>
    public IEnumerable<string> For(string field, Lang lang) =>
        Errors.Where(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase)).Select(e => e.In(lang));

    /// <summary>The errors of fields the form does not show (or of no field), so that none goes unseen.</summary>
    public IEnumerable<FieldError> Besides(IReadOnlyCollection<string> fields) =>
        Errors.Where(e => !fields.Contains(e.Field, StringComparer.OrdinalIgnoreCase));

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>One failed rule of a request field.</summary>
internal sealed record FieldError(string Code, string Field, string Message, string MessageJa, int? Line = null)
{
    public string In(Lang lang) => (lang == Lang.En ? Message : MessageJa) + " (" + Code + ")";
}
