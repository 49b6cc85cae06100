using Microsoft.AspNetCore.Http;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Provision;

/// <summary>
/// The 60-minute bound as data: per slot of a day, when it ended, when its values became available (published),
/// whether that was within the bound, and for a late slot why, as a code a program can act on.
/// </summary>
internal static class SlotDeadlines
{
    /// <summary>The slot is not published yet and the bound has passed.</summary>
    public const string NotYetPublished = "not-yet-published";

    /// <summary>The configured cutoff (slot end + cutoff) is itself after the bound.</summary>
    public const string CutoffAfterBound = "cutoff-after-bound";

    /// <summary>Computing started in time but ended after the bound.</summary>
    public const string ComputeSlow = "compute-slow";

    /// <summary>The close started after the bound (the node was down or behind).</summary>
    public const string CloseLate = "close-late";

    /// <summary>The slot's timeline is no longer held (older than twice the in-memory window).</summary>
    public const string TimelineUnavailable = "timeline-unavailable";

    internal static async Task Get(HttpContext context, IntervalEngine engine, ProvisionOptions options, TimeProvider clock)
    {
        if (RetailerRequest.CheckDayRequest(context, out _, out var date) is { } refused)
        {
            await refused.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var now = clock.GetUtcNow();
        var slots = new SlotDeadline[Slot.PerDay];
        for (var k = 0; k < Slot.PerDay; k++)
        {
            slots[k] = Of(engine.TimelineOf(new Slot(date, k + 1)), engine.IsPublished(new Slot(date, k + 1)), options.Bound, now);
        }

        await TypedResults.Ok(new DayDeadlines(DateText.Format(date), (int)options.Bound.TotalMinutes, slots))
            .ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>One slot's deadline facts from its timeline, at <paramref name="now"/>.</summary>
    public static SlotDeadline Of(SlotTimeline timeline, bool published, TimeSpan bound, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var deadline = timeline.SlotEnd + bound;
        if (timeline.PublishedAt is not { } at)
        {
            if (published)
            {
                // Published, but its timeline has been pruned.
                return new SlotDeadline(timeline.Slot.Number, timeline.SlotEnd, deadline, null, null, null, TimelineUnavailable);
            }

            return now > deadline
                ? new SlotDeadline(timeline.Slot.Number, timeline.SlotEnd, deadline, null, null, false, NotYetPublished)
                : new SlotDeadline(timeline.Slot.Number, timeline.SlotEnd, deadline, null, null, null, null);
        }

        var met = at <= deadline;
        string? reason = null;
        if (!met)
        {
            reason = timeline.Cutoff > deadline ? CutoffAfterBound
                : timeline.ComputeStart is { } start && start <= deadline ? ComputeSlow
                : CloseLate;
        }

        return new SlotDeadline(timeline.Slot.Number, timeline.SlotEnd, deadline, at, Math.Round((decimal)(at - timeline.SlotEnd).TotalMinutes, 2), met, reason);
    }
}

/// <summary>A day's slots against the bound.</summary>
internal sealed record DayDeadlines(string Date, int BoundMinutes, IReadOnlyList<SlotDeadline> Slots);

/// <summary>
/// One slot against the bound: its end, the deadline (end + bound), when its values became available (null until
/// published), minutes from end to availability, whether the bound was met (null while it still can be), and
/// for a late slot the reason code.
/// </summary>
internal sealed record SlotDeadline(int Slot, DateTimeOffset SlotEnd, DateTimeOffset Deadline, DateTimeOffset? AvailableAt, decimal? MinutesAfterEnd, bool? MetBound, string? LateReason);
