namespace Renkei.Switching.Model;

/// <summary>
/// 通知: one event for one retailer (an application's status changed, a 廃止取次 awaits its decision, a deadline
/// approaches). The per-retailer sequence of events is both the notification queue (peek / acknowledge, so none is
/// lost while the retailer is offline) and the bulk retrieval of changes since a cursor (IF_11110).
/// </summary>
public sealed class RetailerEvent
{
    public long Id { get; set; }

    public required string RetailerCode { get; set; }

    /// <summary>
    /// The event's position in its retailer's sequence (1, 2, ...): the cursor of peek / acknowledge and IF_11110.
    /// Assigned at the end of the transaction under the retailer's row lock, so positions commit in order and a
    /// cursor never skips an event that commits later.
    /// </summary>
    public long Seq { get; set; }

    /// <summary>application_status_changed, relay_awaiting_decision, relay_status_changed, deadline_approaching.</summary>
    public required string Kind { get; set; }

    /// <summary>"application" or "relay".</summary>
    public required string Subject { get; set; }

    public required string SubjectId { get; set; }

    public string? SupplyPointId { get; set; }

    public string? Status { get; set; }

    public string? Message { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>How far a retailer has acknowledged its notification queue.</summary>
public sealed class NotificationCursor
{
    public required string RetailerCode { get; set; }

    /// <summary>The last acknowledged <see cref="RetailerEvent.Seq"/>.</summary>
    public long AcknowledgedSeq { get; set; }
}

/// <summary>The kinds of <see cref="RetailerEvent"/>.</summary>
public static class RetailerEventKinds
{
    public const string ApplicationStatusChanged = "application_status_changed";
    public const string RelayAwaitingDecision = "relay_awaiting_decision";
    public const string RelayStatusChanged = "relay_status_changed";
    public const string DeadlineApproaching = "deadline_approaching";

    /// <summary>The TSO set or moved the meter replacement date (計器取替予定月日 / 計器取替月日) of a switch: its effective date may move.</summary>
    public const string MeterReplacementChanged = "meter_replacement_changed";
}
