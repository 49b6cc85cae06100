using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.Deadlines;

/// <summary>
/// The hub's deadlines: "unmatched by the deadline, both are rejected". Applications and 廃止取次 still waiting after
/// their deadline are rejected (expired), retailers are warned the business day before, and the scheduled ampere
/// changes whose date has come are applied first.
/// </summary>
internal sealed class DeadlineHandler(
    SwitchingDbContext db, SwitchingDates dates, TimeProvider clock, ApplicationPipeline pipeline, ApplicationLedger ledger, PointFactsReader points, AmpereChangeHandler amperes)
{
    public const string DeadlineCode = "SW040";

    /// <summary>The stages in which an application waits for something before its deadline: open (received, in progress) or returned for correction.</summary>
    public static readonly string[] Waiting = [ApplicationStatus.Received, ApplicationStatus.InProgress, ApplicationStatus.ReturnedForCorrection];

    /// <summary>
    /// Applies the scheduled ampere changes that are due, then rejects every application and 廃止取次 still unmatched
    /// (or returned and not corrected) after its deadline ("unmatched by the deadline, both are rejected"). Returns
    /// how many applications and relays it rejected.
    /// </summary>
    public async Task<(int Applications, int Relays)> RunAsync(CancellationToken cancellationToken)
    {
        await amperes.ApplyScheduledChangesAsync(cancellationToken).ConfigureAwait(false);
        var today = points.Today;
        var due = await db.Applications.AsNoTracking()
            .Where(a => a.Kind != ApplicationKinds.AmpereChange && Waiting.Contains(a.Status) && a.Deadline < today)
            .Select(a => new { a.Id, a.SupplyPointId })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var dueRelays = await db.CancellationRelays.AsNoTracking()
            .Where(r => (r.Status == RelayStatus.AwaitingDecision || r.Status == RelayStatus.DecidedOk) && r.Deadline < today)
            .Select(r => new { r.Id, r.SupplyPointId })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var applications = 0;
        var relays = 0;
        foreach (var point in due.Select(d => d.SupplyPointId).Concat(dueRelays.Select(r => r.SupplyPointId)).Distinct())
        {
            await pipeline.RunHubStepAsync(point, async () =>
            {
                var now = clock.GetUtcNow();
                var open = await db.Applications
                    .Where(a => a.SupplyPointId == point && a.Kind != ApplicationKinds.AmpereChange && Waiting.Contains(a.Status) && a.Deadline < today)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                foreach (var application in open)
                {
                    ledger.Reject(application, DeadlineCode, application.Status == ApplicationStatus.ReturnedForCorrection
                        ? string.Create(CultureInfo.InvariantCulture, $"returned for correction and not corrected by the deadline {application.Deadline:yyyy-MM-dd}")
                        : string.Create(CultureInfo.InvariantCulture, $"not matched by the deadline {application.Deadline:yyyy-MM-dd}: the switch-in and the switch-out were not both in"), ApplicationLedger.HubActor, now);
                    applications++;
                }

                var openRelays = await db.CancellationRelays
                    .Where(r => r.SupplyPointId == point && (r.Status == RelayStatus.AwaitingDecision || r.Status == RelayStatus.DecidedOk) && r.Deadline < today)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                foreach (var relay in openRelays)
                {
                    ledger.MoveRelay(relay, RelayStatus.Expired, ApplicationLedger.HubActor, "expired", string.Create(CultureInfo.InvariantCulture, $"not decided and matched by the deadline {relay.Deadline:yyyy-MM-dd}"), now);
                    relays++;
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new Submission<object>(null, []);
            }, cancellationToken).ConfigureAwait(false);
        }

        await WarnOfDeadlinesAsync(today, cancellationToken).ConfigureAwait(false);
        return (applications, relays);
    }

    /// <summary>Tells each retailer once when an unmatched application's deadline is today or the next business day.</summary>
    private async Task WarnOfDeadlinesAsync(DateOnly today, CancellationToken cancellationToken)
    {
        if (!dates.Covers(today))
        {
            return;
        }

        var warnBy = dates.Calendar.AddBusinessDays(today, 1);
        var due = await db.Applications.AsNoTracking()
            .Where(a => a.Kind != ApplicationKinds.AmpereChange && Waiting.Contains(a.Status) && !a.DeadlineWarned && a.Deadline >= today && a.Deadline <= warnBy)
            .Select(a => new { a.Id, a.SupplyPointId })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        foreach (var point in due.Select(d => d.SupplyPointId).Distinct())
        {
            var ids = due.Where(d => d.SupplyPointId == point).Select(d => d.Id).ToList();
            await pipeline.RunHubStepAsync(point, async () =>
            {
                var applications = await db.Applications
                    .Where(a => ids.Contains(a.Id) && Waiting.Contains(a.Status) && !a.DeadlineWarned)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                foreach (var application in applications)
                {
                    application.DeadlineWarned = true;
                    ledger.Notify(application.RetailerCode, RetailerEventKinds.DeadlineApproaching, "application", application.Number, application.SupplyPointId, application.Status,
                        string.Create(CultureInfo.InvariantCulture, $"unmatched; rejected if still unmatched after {application.Deadline:yyyy-MM-dd}"));
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new Submission<object>(null, []);
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
