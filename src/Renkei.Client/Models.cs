using System.Text.Json;

namespace Renkei.Client;

/// <summary>An access token and when it expires (by the client's clock).</summary>
public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>The formats the intervals route answers in (by <c>Accept</c>).</summary>
public enum IntervalFormat
{
    Json,
    Csv,
    Xml,
}

/// <summary>What to ask <c>GET /api/v1/intervals</c> for: a day, or one slot of it.</summary>
public sealed record IntervalsQuery(DateOnly Date, int? Slot = null, string? Voltage = null, DateTimeOffset? AsOf = null);

/// <summary>
/// One downloadable file of the retailer's (<c>GET /api/v1/files?date=</c>): its market name, kind, voltage, day and
/// slot, update and part numbers, when it was created, and its size once generated (null before the first download).
/// </summary>
public sealed record FileEntry(string Name, string Kind, string? Voltage, string? Date, int? Slot, int Update, int Part, DateTimeOffset Created, long? Size);

/// <summary>
/// A page of the retailer's change feed: the items as the gateway sent them (<c>slot-published</c>, <c>revision</c>;
/// see docs/formats.md), the cursor to ask from next, and the newest version the feed can reach now.
/// </summary>
public sealed record FeedPage(IReadOnlyList<JsonElement> Items, long Next, long Current);

/// <summary>The answer to a webhook registration; the only time the signing secret is shown.</summary>
public sealed record WebhookRegistration(string Id, Uri Url, string Secret, DateTimeOffset CreatedAt);

public sealed record WebhookSummary(string Id, Uri Url, DateTimeOffset CreatedAt, int PendingDeliveries, int FailedDeliveries);

/// <summary>A notice to one webhook: its state (pending, delivered, failed), attempts and next retry.</summary>
public sealed record WebhookDelivery(
    long Id, string NoticeId, string Kind, string Date, int Slot, string State, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, IReadOnlyList<WebhookAttempt> Attempts);

public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, string? Error);

internal sealed record WebhookListBody(IReadOnlyList<WebhookSummary> Webhooks);

internal sealed record DeliveryListBody(string WebhookId, IReadOnlyList<WebhookDelivery> Deliveries);

#pragma warning disable IDE1006, CA1707 // OAuth2 field names
internal sealed record TokenBody(string access_token, string token_type, int expires_in);
#pragma warning restore IDE1006, CA1707
