using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Content;
using Renkei.Switching.Applications.Matching;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.IF_10710_SwitchOut;

/// <summary>
/// スイッチング廃止 (IF_10710): the current retailer's switch-out. Accepted, it waits for the new retailer's
/// switch-in for the same date, and is matched at once when that is already in.
/// </summary>
internal sealed class SwitchOutHandler(
    SwitchingDbContext db, TimeProvider clock, ApplicationPipeline pipeline, ApplicationLedger ledger, PointFactsReader points, SwitchMatching matching)
    : ISubmitHandler<SwitchOutRequest, ApplicationView>
{
    /// <summary>スイッチング廃止 (IF_10710).</summary>
    public Task<Submission<ApplicationView>> SubmitAsync(
        string caller, SwitchOutRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return pipeline.RunAsync(caller, idempotencyKey, ApplicationPipeline.Hash(ApplicationKinds.SwitchOut, request), request.SupplyPointId, dryRun,
            () => CheckAndStoreAsync(caller, request, dryRun, null, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Checks a switch-out and, unless <paramref name="dryRun"/>, stores it (new, or as the correction of
    /// <paramref name="correcting"/>). Runs inside the pipeline's transaction.
    /// </summary>
    public async Task<Submission<ApplicationView>> CheckAndStoreAsync(
        string caller, SwitchOutRequest request, bool dryRun, Application? correcting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (check, errors) = await points.AssessAsync(
            request.SupplyPointId, state => new SwitchOutCheck { Caller = caller, Request = request, Point = state }, SwitchOutRules.All, cancellationToken).ConfigureAwait(false);
        var today = check.Today;
        if (errors.Count > 0 || dryRun)
        {
            return new Submission<ApplicationView>(null, errors, today, request.SwitchDate);
        }

        var date = request.SwitchDate!.Value;
        var facts = check.Facts;
        Application application;
        if (correcting is null)
        {
            application = await matching.AddSwitchOutAsync(caller, facts, date, request.CustomerNumber, null, date, cancellationToken).ConfigureAwait(false);
            if (request.Content is not null)
            {
                ApplicationContents.Add(db, application.Id, request.Content);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            application = correcting;
            application.RequestedDate = date;
            application.SwitchDate = date;
            application.Deadline = date < today ? today : date;
            application.CustomerNumber = request.CustomerNumber;
            application.UpdatedAt = clock.GetUtcNow();
            await ledger.StoreCorrectionAsync(application, caller, cancellationToken).ConfigureAwait(false);
        }

        var switchIn = facts.OpenApplications.FirstOrDefault(a => a.Kind == ApplicationKinds.SwitchIn && a.SwitchDate == date);
        if (switchIn is not null)
        {
            var relay = switchIn.RelayId is { } relayId
                ? await db.CancellationRelays.SingleAsync(r => r.Id == relayId, cancellationToken).ConfigureAwait(false)
                : null;
            await matching.MatchAndCompleteAsync(switchIn, application, facts.OpenContract!, relay, cancellationToken).ConfigureAwait(false);
        }

        return new Submission<ApplicationView>(ApplicationView.Of(application) with { Content = correcting is null ? request.Content : null }, [], today, date);
    }
}
