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
/// A page of the retailer's change feed: the items as the gateway sent them (<c>slot-published</c>, <c>revision</c>;
/// see docs/formats.md), the cursor to ask from next, and the newest version the feed can reach now.
/// </summary>
public sealed record FeedPage(IReadOnlyList<JsonElement> Items, long Next, long Current);

#pragma warning disable IDE1006, CA1707 // OAuth2 field names
internal sealed record TokenBody(string access_token, string token_type, int expires_in);
#pragma warning restore IDE1006, CA1707
