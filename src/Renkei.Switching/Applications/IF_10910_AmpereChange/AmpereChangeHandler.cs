using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Content;
using Renkei.Switching.Applications.HandOff;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;

namespace Renkei.Switching.Applications.IF_10910_AmpereChange;

/// <summary>
/// アンペア変更 (IF_10910): the point's contract current changes on the change date: at once when that is today,
/// else scheduled and applied by <see cref="ApplyScheduledChangesAsync"/> when the date comes.
/// </summary>
internal sealed class AmpereChangeHandler(
    SwitchingDbContext db, TimeProvider clock, ApplicationPipeline pipeline, ApplicationLedger ledger, PointFactsReader points, TsoHandOff tso, AmpereEffect amperes)
    : ISubmitHandler<AmpereChangeRequest, ApplicationView>
{
    /// <summary>アンペア変更 (IF_10910): the point's contract current becomes <see cref="AmpereChangeRequest.Amperes"/> on the change date.</summary>
    public Task<Submission<ApplicationView>> SubmitAsync(string caller, AmpereChangeRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return pipeline.RunAsync(caller, idempotencyKey, ApplicationPipeline.Hash(ApplicationKinds.AmpereChange, request), request.SupplyPointId, dryRun, async () =>
        {
            var (check, errors) = await points.AssessAsync(
                request.SupplyPointId, state => new AmpereChangeCheck { Caller = caller, Request = request, Point = state }, AmpereChangeRules.All, cancellationToken).ConfigureAwait(false);
            var today = check.Today;
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, today, request.ChangeDate);
            }

            var date = request.ChangeDate!.Value;
            var application = await ledger.AddDatedApplicationAsync(caller, ApplicationKinds.AmpereChange, check.PointId!.Value.Value, date, cancellationToken, request.Amperes).ConfigureAwait(false);
            ApplicationContents.Add(db, application.Id, request.Content);
            if (date <= today)
            {
                var point = await db.SupplyPoints.SingleAsync(p => p.Id == application.SupplyPointId, cancellationToken).ConfigureAwait(false);
                await TakeEffectAsync(point, application, cancellationToken).ConfigureAwait(false);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<ApplicationView>(ApplicationView.Of(application) with { Content = request.Content }, [], today, date);
        }, cancellationToken);
    }

    /// <summary>
    /// Applies the ampere changes scheduled for today or earlier, each under its point's lock: the point's contract
    /// current changes and the application completes; if the retailer no longer supplies the point on that date, the
    /// change is rejected instead. Returns how many it applied.
    /// </summary>
    public async Task<int> ApplyScheduledChangesAsync(CancellationToken cancellationToken)
    {
        var today = points.Today;
        var due = await db.Applications.AsNoTracking()
            .Where(a => a.Kind == ApplicationKinds.AmpereChange && a.Status == ApplicationStatus.Received && a.SwitchDate <= today)
            .Select(a => new { a.Id, a.SupplyPointId })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var applied = 0;
        foreach (var item in due)
        {
            await pipeline.RunHubStepAsync(item.SupplyPointId, async () =>
            {
                var application = await db.Applications.SingleAsync(a => a.Id == item.Id, cancellationToken).ConfigureAwait(false);
                if (application.Status != ApplicationStatus.Received)
                {
                    return new Submission<object>(null, []);
                }

                // The retailer must supply the point on the change date itself (the sweep may run later than that day).
                var date = application.SwitchDate!.Value;
                var supplies = await db.WheelingContracts
                    .AnyAsync(c => c.SupplyPointId == application.SupplyPointId && c.RetailerCode == application.RetailerCode && c.StartDate <= date && (c.EndDate == null || c.EndDate > date), cancellationToken)
                    .ConfigureAwait(false);
                if (supplies)
                {
                    var point = await db.SupplyPoints.SingleAsync(p => p.Id == application.SupplyPointId, cancellationToken).ConfigureAwait(false);
                    await TakeEffectAsync(point, application, cancellationToken).ConfigureAwait(false);
                    applied++;
                }
                else
                {
                    ledger.Reject(application, AmpereChangeRules.NotSupplierOnDateCode, $"on {ApplicationLedger.Day(application.SwitchDate)} {application.RetailerCode} no longer supplies the point", ApplicationLedger.TsoActor, clock.GetUtcNow());
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new Submission<object>(null, []);
            }, cancellationToken).ConfigureAwait(false);
        }

        return applied;
    }

    /// <summary>
    /// The ampere change takes effect (its date has come): with an in-process TSO the point's contract current changes
    /// and the application completes in this transaction; with a TSO node of its own the order goes to the outbox and
    /// the application waits at the TSO (<c>10</c>) until its answer (<see cref="TsoHandOff.ApplyTsoAnswerAsync"/>).
    /// </summary>
    private async Task TakeEffectAsync(SupplyPoint point, Application application, CancellationToken cancellationToken)
    {
        if (!tso.IsRemote(point.Area))
        {
            amperes.Apply(point, application, null);
            return;
        }

        // The order carries its own outbox row's ID (the hub's order number, which the TSO keeps with the point's
        // amperes): the row is written first to get it, in this same transaction.
        var row = tso.QueueTsoOrder(point.Area, TsoOrderKinds.Ampere, application.Number, point.Id, null);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        row.Body = JsonSerializer.Serialize(
            new TsoAmpereOrder(application.Number, point.Id, application.RetailerCode, application.Amperes!.Value, application.SwitchDate!.Value, row.Id), TsoRoutes.Json);
        var from = application.Status;
        ApplicationStatus.Move(application, ApplicationStatus.AtTso, clock.GetUtcNow());
        ledger.AuditApplication(ApplicationLedger.HubActor, application, "sent to TSO", from, string.Create(CultureInfo.InvariantCulture,
            $"contract current {application.Amperes} A, effective {ApplicationLedger.Day(application.SwitchDate)} once the TSO of area {point.Area:D2} answers"));
    }
}
