using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Gateway;

/// <summary>A webhook registration: the HTTPS URL slot notices go to.</summary>
public sealed record WebhookRequest(string? Url);

/// <summary>The answer to a registration: the only time the signing secret is shown.</summary>
public sealed record WebhookCreated(string Id, string Url, string Secret, DateTimeOffset CreatedAt);

/// <summary>The retailer's webhooks.</summary>
public sealed record WebhookList(IReadOnlyList<WebhookSummary> Webhooks);

/// <summary>A webhook with how many of its notices are pending and how many failed.</summary>
public sealed record WebhookSummary(string Id, string Url, DateTimeOffset CreatedAt, int PendingDeliveries, int FailedDeliveries);

/// <summary>A webhook's notices, newest first.</summary>
public sealed record DeliveryList(string WebhookId, IReadOnlyList<DeliveryView> Deliveries);

/// <summary>A notice to one webhook: its state (pending, delivered, failed), its attempts, and when the next one is due (null when none is).</summary>
public sealed record DeliveryView(
    long Id, string NoticeId, [Description("slot.published: a slot's values were published; slot.revised: published values changed.")][AllowedValues("slot.published", "slot.revised")] string Kind, string Date, int Slot, [Description("pending: not delivered yet (nextAttemptAt says when); delivered: the target answered 2xx; failed: every attempt failed.")][AllowedValues("pending", "delivered", "failed")] string State, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, IReadOnlyList<AttemptView> Attempts);

/// <summary>One attempt: when, and the target's status code or the error that stopped it.</summary>
public sealed record AttemptView(DateTimeOffset At, int? StatusCode, string? Error);
