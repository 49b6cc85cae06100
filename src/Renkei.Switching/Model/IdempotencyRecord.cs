namespace Renkei.Switching.Model;

/// <summary>The first result of a submission under a retailer's idempotency key; a repeat returns it.</summary>
public sealed class IdempotencyRecord
{
    public required string RetailerCode { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the operation and its request body; a repeat with another body is refused.</summary>
    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }

    public required string ResponseJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
