namespace Renkei.Formats.Api.Switching;

/// <summary>One event for a retailer (notification queue, IF_11110).</summary>
public sealed record EventView(long Seq, string Kind, string Subject, string SubjectId, string? SupplyPointId, string? Status, string? Message, DateTimeOffset At);

/// <summary>A page of events; <see cref="Next"/> is the cursor to ask with next time.</summary>
public sealed record EventPage(IReadOnlyList<EventView> Items, long Next);
