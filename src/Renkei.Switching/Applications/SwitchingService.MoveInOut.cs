using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications.IF_10410_MoveIn;
using Renkei.Switching.Applications.IF_10510_MoveOut;
using Renkei.Switching.Model;
using Renkei.Switching.Tso;

namespace Renkei.Switching.Applications;

/// <summary>再点 (IF_10410) and 廃止・撤去 (IF_10510): kinds without a counterpart, completed by the area's TSO at once.</summary>
public sealed partial class SwitchingService
{
    /// <summary>再点 (IF_10410).</summary>
    public Task<Submission<ApplicationView>> SubmitMoveInAsync(string caller, MoveInRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(caller, idempotencyKey, Hash(ApplicationKinds.MoveIn, request), request.SupplyPointId, dryRun, async () =>
        {
            var today = Today;
            var (pointId, pointError) = ParsePoint(request.SupplyPointId);
            var facts = await LoadFactsAsync(pointId, cancellationToken).ConfigureAwait(false);
            var key = pointId?.Value;
            var lastEnd = key is null ? null : await db.WheelingContracts.Where(c => c.SupplyPointId == key).MaxAsync(c => c.EndDate, cancellationToken).ConfigureAwait(false);
            var check = new MoveInCheck
            {
                Caller = caller,
                Request = request,
                PointId = pointId,
                PointIdError = pointError,
                AreaServed = Serves(pointId),
                Facts = facts,
                Today = today,
                LastEnd = lastEnd,
            };
            var errors = Evaluate(MoveInRules.All, check);
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, today.AddDays(-MoveInRules.MaxBackDays), request.StartDate);
            }

            return await CompleteSupplyChangeAsync(caller, ApplicationKinds.MoveIn, pointId!.Value, request.StartDate!.Value, start: true, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>廃止・撤去 (IF_10510).</summary>
    public Task<Submission<ApplicationView>> SubmitMoveOutAsync(string caller, MoveOutRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(caller, idempotencyKey, Hash(ApplicationKinds.MoveOut, request), request.SupplyPointId, dryRun, async () =>
        {
            var today = Today;
            var (pointId, pointError) = ParsePoint(request.SupplyPointId);
            var facts = await LoadFactsAsync(pointId, cancellationToken).ConfigureAwait(false);
            var check = new MoveOutCheck
            {
                Caller = caller,
                Request = request,
                PointId = pointId,
                PointIdError = pointError,
                AreaServed = Serves(pointId),
                Facts = facts,
                Today = today,
            };
            var errors = Evaluate(MoveOutRules.All, check);
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, today, request.EndDate);
            }

            return await CompleteSupplyChangeAsync(caller, ApplicationKinds.MoveOut, pointId!.Value, request.EndDate!.Value, start: false, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    private async Task<Submission<ApplicationView>> CompleteSupplyChangeAsync(string caller, string kind, SupplyPointId point, DateOnly date, bool start, CancellationToken cancellationToken)
    {
        var application = await AddDatedApplicationAsync(caller, kind, point.Value, date, cancellationToken).ConfigureAwait(false);
        var order = new TsoSupplyOrder(application.Number, point.Value, caller, start, date);
        if (await HandToTsoAsync(point.Value, kind, TsoOrderKinds.SupplyChange, order.Key, order, tso => tso.ChangeSupplyAsync(order, cancellationToken)).ConfigureAwait(false))
        {
            Complete(application, $"effective {date:yyyy-MM-dd}", application.UpdatedAt);
        }
        else
        {
            // A TSO node of its own answers later (ApplyTsoAnswerAsync); until then the application waits at the TSO.
            var from = application.Status;
            ApplicationStatus.Move(application, ApplicationStatus.AtTso, application.UpdatedAt);
            AuditApplication(HubActor, application, "sent to TSO", from, $"effective {date:yyyy-MM-dd} once the TSO of area {(int)point.Area:D2} answers");
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new Submission<ApplicationView>(ApplicationView.Of(application), [], null, date);
    }

    /// <summary>Stores a received application of a kind without a counterpart, effective on <paramref name="date"/>.</summary>
    private async Task<Application> AddDatedApplicationAsync(string caller, string kind, string point, DateOnly date, CancellationToken cancellationToken, int? amperes = null)
    {
        var now = clock.GetUtcNow();
        var application = new Application
        {
            Kind = kind,
            RetailerCode = caller,
            SupplyPointId = point,
            RequestedDate = date,
            SwitchDate = date,
            Deadline = date,
            Amperes = amperes,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await AddApplicationAsync(application, caller, cancellationToken).ConfigureAwait(false);
        return application;
    }
}
