using System.Text.Json;
using System.Text.Json.Serialization;

namespace Renkei.Metering.Cluster;

/// <summary>
/// The value of a lease key or of a node's announcement: who holds it and until when (Unix milliseconds). An empty
/// <see cref="Owner"/> is a lease given up. A route key holds a <see cref="RouteEntry"/>.
/// </summary>
internal sealed record LeaseEntry(
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("expires")] long ExpiresUnixMs)
{
    public bool Free(DateTimeOffset now) => Owner.Length == 0 || ExpiresUnixMs <= now.ToUnixTimeMilliseconds();

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, LeaseJson.Default.LeaseEntry);

    /// <summary>The entry in <paramref name="value"/>, or null when it is not one (a value written by something else counts as free).</summary>
    public static LeaseEntry? Parse(byte[]? value)
    {
        if (value is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(value, LeaseJson.Default.LeaseEntry);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The routing table's value for a partition: its owner and the owner's internal URL.</summary>
internal sealed record RouteEntry(
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("url")] string Url)
{
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, LeaseJson.Default.RouteEntry);

    public static RouteEntry? Parse(byte[]? value)
    {
        if (value is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(value, LeaseJson.Default.RouteEntry);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(LeaseEntry))]
[JsonSerializable(typeof(RouteEntry))]
internal sealed partial class LeaseJson : JsonSerializerContext;
