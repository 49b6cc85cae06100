using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.IF_11110_Changes;

/// <summary>
/// 変更一括取得 (IF_11110) and the notification queue: each retailer's events in the order of its own sequence,
/// read after a position (reading does not consume) or peeked and acknowledged.
/// </summary>
internal sealed class NotificationQueue(SwitchingDbContext db)
{
    /// <summary>An acknowledged position beyond the caller's last event.</summary>
    public const string AcknowledgeRangeCode = "SW050";

    /// <summary>The caller's events after <paramref name="after"/> (IF_11110 bulk retrieval of changes; reading does not consume).</summary>
    public async Task<EventPage> GetEventsAsync(string caller, long after, int limit, CancellationToken cancellationToken)
    {
        var items = await db.RetailerEvents.AsNoTracking()
            .Where(e => e.RetailerCode == caller && e.Seq > after)
            .OrderBy(e => e.Seq)
            .Take(limit)
            .Select(e => new EventView(e.Seq, e.Kind, e.Subject, e.SubjectId, e.SupplyPointId, e.Status, e.Message, e.At))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return new EventPage(items, items.Count == 0 ? after : items[^1].Seq);
    }

    /// <summary>The notification queue: the caller's events not yet acknowledged, oldest first.</summary>
    public async Task<EventPage> PeekNotificationsAsync(string caller, int limit, CancellationToken cancellationToken)
    {
        var acknowledged = await db.NotificationCursors.AsNoTracking()
            .Where(c => c.RetailerCode == caller)
            .Select(c => (long?)c.AcknowledgedSeq)
            .SingleOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false) ?? 0;
        return await GetEventsAsync(caller, acknowledged, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Acknowledges the caller's events up to <paramref name="upTo"/> (inclusive); they leave the queue. Returns
    /// the acknowledged position, or an error when <paramref name="upTo"/> is beyond the caller's last event.
    /// </summary>
    public async Task<Submission<EventPage>> AcknowledgeAsync(string caller, long upTo, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Retailers.Where(r => r.Code == caller).ExecuteUpdateAsync(s => s.SetProperty(r => r.Name, r => r.Name), cancellationToken).ConfigureAwait(false);
        var last = await db.RetailerEvents.Where(e => e.RetailerCode == caller).MaxAsync(e => (long?)e.Seq, cancellationToken).ConfigureAwait(false) ?? 0;
        if (upTo < 0 || upTo > last)
        {
            return Submissions.Failed<EventPage>([new RuleViolation(
                AcknowledgeRangeCode,
                "upTo",
                string.Create(CultureInfo.InvariantCulture, $"upTo {upTo} is not between 0 and your last event {last}"),
                "確認済みの位置が通知の範囲外です")]);
        }

        var cursor = await db.NotificationCursors.SingleOrDefaultAsync(c => c.RetailerCode == caller, cancellationToken).ConfigureAwait(false);
        if (cursor is null)
        {
            db.NotificationCursors.Add(new NotificationCursor { RetailerCode = caller, AcknowledgedSeq = upTo });
        }
        else if (upTo > cursor.AcknowledgedSeq)
        {
            cursor.AcknowledgedSeq = upTo;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new Submission<EventPage>(new EventPage([], Math.Max(upTo, cursor?.AcknowledgedSeq ?? 0)), []);
    }
}
