using System.Net;
using System.Text.Json;

namespace Renkei.Web.Gateway;

/// <summary>What the gateway answered: status, body, and (for problem details) the field-level errors.</summary>
public sealed class ApiAnswer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ApiAnswer(HttpStatusCode status, string body, string? contentType, string? location = null)
    {
        Status = status;
        Body = body;
        ContentType = contentType;
        Location = location;
        Problem = contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase) && (int)status >= 400
            ? ProblemErrors.Parse(body)
            : ProblemErrors.Empty;
    }

    public HttpStatusCode Status { get; }

    public string Body { get; }

    public string? ContentType { get; }

    public string? Location { get; }

    public ProblemErrors Problem { get; }

    /// <summary>The <c>earliestDate</c> a refused application names (the first valid date), if any.</summary>
    public string? EarliestDate
    {
        get
        {
            if (IsSuccess || ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
            {
                return null;
            }

            try
            {
                using var doc = JsonDocument.Parse(Body);
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("earliestDate", out var e) && e.ValueKind == JsonValueKind.String
                    ? e.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public T? As<T>() => JsonSerializer.Deserialize<T>(Body, Json);
}
