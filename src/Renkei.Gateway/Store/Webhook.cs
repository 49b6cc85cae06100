namespace Renkei.Gateway.Store;

/// <summary>A retailer's registered HTTPS endpoint for slot notices (stored in <c>gateway.db</c>).</summary>
internal sealed class Webhook
{
    /// <summary><c>wh_</c> and 24 hexadecimal digits, random.</summary>
    public required string Id { get; set; }

    /// <summary>The owner: the retailer code of the token that registered it; only that retailer sees it.</summary>
    public required string RetailerCode { get; set; }

    /// <summary>The client (token subject) that registered it, for the record.</summary>
    public required string ClientId { get; set; }

    public required string Url { get; set; }

    /// <summary>The HMAC key the notices are signed with; shown to the retailer once, at registration.</summary>
    public required string Secret { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long CreatedAtMs { get; set; }

    public List<WebhookDelivery> Deliveries { get; set; } = [];
}

/// <summary>One notice to one webhook, with its attempts; pending until delivered or given up.</summary>
internal sealed class WebhookDelivery
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public long Id { get; set; }

    public required string WebhookId { get; set; }

    /// <summary>The notice's own ID (the same for every retailer told of the same event).</summary>
    public required string NoticeId { get; set; }

    /// <summary><c>slot.published</c> or <c>slot.revised</c>.</summary>
    public required string Kind { get; set; }

    public required string Date { get; set; }

    public int Slot { get; set; }

    /// <summary>The exact JSON body sent on every attempt.</summary>
    public required string Body { get; set; }

    public long CreatedAtMs { get; set; }

    public string State { get; set; } = Pending;

    public int AttemptCount { get; set; }

    /// <summary>When the next attempt is due (Unix milliseconds); null once delivered or given up.</summary>
    public long? NextAttemptAtMs { get; set; }

    public List<WebhookAttempt> Attempts { get; set; } = [];
}

/// <summary>One POST of a notice: when, and the answer's status code or the error that stopped it.</summary>
internal sealed class WebhookAttempt
{
    public long Id { get; set; }

    public long DeliveryId { get; set; }

    public long AtMs { get; set; }

    public int? StatusCode { get; set; }

    public string? Error { get; set; }
}

/// <summary>How far the dispatcher has followed the metering node's change feed (one row).</summary>
internal sealed class WebhookCursor
{
    public int Id { get; set; }

    public long MeteringVersion { get; set; }
}
