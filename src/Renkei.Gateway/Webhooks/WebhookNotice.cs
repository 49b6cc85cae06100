using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Renkei.Gateway.Webhooks;

/// <summary>
/// The body POSTed to a webhook when a slot is published (<c>slot.published</c>) or values of a published slot that
/// the retailer may read were revised (<c>slot.revised</c>). It carries no energy value: it says what to pull.
/// </summary>
internal sealed record WebhookNotice(
    string Id,
    string Kind,
    string Date,
    int Slot,
    DateTimeOffset PublishedAt,
    long Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RevisedValues,
    WebhookNoticeLinks Links)
{
    public const string Published = "slot.published";
    public const string Revised = "slot.revised";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookNotice For(string kind, string date, int slot, DateTimeOffset at, long version, int? revisedValues)
    {
        var slotText = slot.ToString(CultureInfo.InvariantCulture);
        var id = string.Create(CultureInfo.InvariantCulture, $"{(kind == Published ? "pub" : "rev")}-{date}-{slotText}-{version}");
        return new WebhookNotice(
            id,
            kind,
            date,
            slot,
            at,
            version,
            revisedValues,
            new WebhookNoticeLinks(
                $"/api/v1/intervals?date={date}&slot={slotText}",
                string.Create(CultureInfo.InvariantCulture, $"/api/v1/feed?cursor={version - 1}"),
                $"/api/v1/deadlines?date={date}"));
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>Where to pull what the notice announces (paths relative to the gateway's base URL).</summary>
internal sealed record WebhookNoticeLinks(string Intervals, string Feed, string Deadlines);
