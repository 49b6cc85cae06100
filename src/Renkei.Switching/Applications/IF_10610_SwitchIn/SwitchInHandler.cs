using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Content;
using Renkei.Switching.Applications.Matching;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.IF_10610_SwitchIn;

/// <summary>
/// スイッチング開始 (IF_10610): the new retailer's switch-in (a bulk file's rows come here one by one too). Accepted, it
/// waits for the current retailer's switch-out (or the OK of a 廃止取次) for the same date, and is matched at once
/// when that is already in. Every new switch-in is written by <see cref="SwitchInWrite"/>: the plain case whole in
/// two statement batches, the others inside the pipeline's transaction.
/// </summary>
internal sealed class SwitchInHandler(
    SwitchingDbContext db,
    SwitchingDates dates,
    TimeProvider clock,
    ApplicationPipeline pipeline,
    ApplicationLedger ledger,
    PointFactsReader points,
    SwitchMatching matching,
    SwitchInWrite write) : ISubmitHandler<SwitchInRequest, ApplicationView>
{
    /// <summary>スイッチング開始 (IF_10610).</summary>
    public async Task<Submission<ApplicationView>> SubmitAsync(
        string caller, SwitchInRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hash = ApplicationPipeline.Hash(ApplicationKinds.SwitchIn, request);
        // The one-round-trip write (SwitchInWrite) stores the application's own row only: one with the market's items
        // runs in the pipeline, which stores them beside it.
        if (!dryRun && request.Content is null && await write.TryAsync(caller, request, idempotencyKey, hash, this, cancellationToken).ConfigureAwait(false) is { } written)
        {
            return written;
        }

        return await pipeline.RunAsync(caller, idempotencyKey, hash, request.SupplyPointId, dryRun,
            () => CheckAndStoreAsync(caller, request, dryRun, null, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a switch-in and, unless <paramref name="dryRun"/>, stores it: as a new application, or as the
    /// correction of <paramref name="correcting"/> (a returned application of the caller, tracked by this context).
    /// Runs inside the pipeline's transaction.
    /// </summary>
    public async Task<Submission<ApplicationView>> CheckAndStoreAsync(
        string caller, SwitchInRequest request, bool dryRun, Application? correcting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationRelay? relay = null;
        if (request.RelayNumber is { } relayNumber)
        {
            relay = await db.CancellationRelays.SingleOrDefaultAsync(r => r.Number == relayNumber, cancellationToken).ConfigureAwait(false);
        }

        var (check, errors) = await points.AssessAsync(request.SupplyPointId, state => Check(caller, request, state, relay), SwitchInRules.All, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0 || dryRun)
        {
            return new Submission<ApplicationView>(null, errors, check.Earliest, check.SwitchDate);
        }

        var now = clock.GetUtcNow();
        var application = correcting ?? new Application
        {
            Kind = ApplicationKinds.SwitchIn,
            RetailerCode = caller,
            SupplyPointId = check.PointId!.Value.Value,
            CreatedAt = now,
        };
        Fill(application, check, now);
        if (correcting is null)
        {
            await write.InsertAsync(application, cancellationToken).ConfigureAwait(false);
            if (request.Content is not null)
            {
                ApplicationContents.Add(db, application.Id, request.Content);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await ledger.StoreCorrectionAsync(application, caller, cancellationToken).ConfigureAwait(false);
        }

        var facts = check.Facts;
        var switchOut = facts.OpenApplications.FirstOrDefault(a =>
            a.Kind == ApplicationKinds.SwitchOut && a.RetailerCode == facts.OpenContract!.RetailerCode && a.SwitchDate == check.SwitchDate);
        if (switchOut is not null)
        {
            await matching.MatchAndCompleteAsync(application, switchOut, facts.OpenContract!, relay, cancellationToken).ConfigureAwait(false);
        }

        return new Submission<ApplicationView>(ApplicationView.Of(application) with { Content = correcting is null ? request.Content : null }, [], check.Earliest, check.SwitchDate);
    }

    /// <summary>The facts a switch-in's rules look at: the dates it would take (requested, from the 廃止取次, or the default).</summary>
    public SwitchInCheck Check(string caller, SwitchInRequest request, PointState state, CancellationRelay? relay)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(state);
        DateOnly? earliest = null;
        DateOnly? switchDate = null;
        var outside = false;
        var noScheduledDay = false;
        var today = state.Today;
        if (state.Facts.Point is { } point)
        {
            if (dates.Covers(today))
            {
                earliest = dates.Earliest(today, point);
                switchDate = request.SwitchDate
                    ?? (relay is not null && relay.NewRetailerCode == caller ? relay.WishedDate : dates.DefaultSwitchDate(today, point));
                noScheduledDay = switchDate is null;
            }

            outside = !dates.Covers(today) || (switchDate is { } d && !dates.Covers(d));
        }

        return new SwitchInCheck
        {
            Caller = caller,
            Request = request,
            Point = state,
            Relay = relay,
            Earliest = earliest,
            SwitchDate = switchDate,
            DateOutsideCalendar = outside,
            NoScheduledReadingDay = noScheduledDay,
        };
    }

    /// <summary>Sets what an accepted switch-in takes from its check: its dates, the matching deadline, meter work, the 廃止取次.</summary>
    public void Fill(Application application, SwitchInCheck check, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(check);
        var point = check.Facts.Point!;
        application.RequestedDate = check.Request.SwitchDate;
        application.SwitchDate = check.SwitchDate;
        application.Deadline = dates.MatchingDeadline(check.SwitchDate!.Value, check.Today, point);
        application.MeterWork = ProcessingPeriods.CaseOf(point).Work != SiteWork.None;
        application.RelayId = check.Relay?.Id;
        application.UpdatedAt = now;
    }
}
