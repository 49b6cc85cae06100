using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications;

/// <summary>需要者情報変更 (IF_10810) and アンペア変更 (IF_10910): changes by the current retailer, completed at once.</summary>
public sealed partial class SwitchingService
{
    /// <summary>アンペア変更 (IF_10910): the point's contract current becomes <see cref="AmpereChangeRequest.Amperes"/>.</summary>
    public Task<Submission<ApplicationView>> SubmitAmpereChangeAsync(string caller, AmpereChangeRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(caller, idempotencyKey, Hash(ApplicationKinds.AmpereChange, request), request.SupplyPointId, dryRun, async () =>
        {
            var today = Today;
            var (pointId, pointError) = ParsePoint(request.SupplyPointId);
            var facts = await LoadFactsAsync(pointId, cancellationToken).ConfigureAwait(false);
            var check = new AmpereChangeCheck
            {
                Caller = caller, Request = request, PointId = pointId, PointIdError = pointError,
                AreaServed = pointId is not { } sid || directory.Serves((int)sid.Area), Facts = facts, Today = today,
            };
            var errors = Evaluate(AmpereChangeRules.All, check);
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, today, request.ChangeDate);
            }

            var point = await db.SupplyPoints.SingleAsync(p => p.Id == pointId!.Value.Value, cancellationToken).ConfigureAwait(false);
            var before = point.ContractAmperes;
            point.ContractAmperes = request.Amperes;
            return await CompleteChangeAsync(caller, ApplicationKinds.AmpereChange, point.Id, request.ChangeDate!.Value, $"contract current {before?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} A → {request.Amperes} A", cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>需要者情報変更 (IF_10810): the current retailer's contract holder record at the point is replaced.</summary>
    public Task<Submission<ApplicationView>> SubmitCustomerDetailsAsync(string caller, CustomerDetailsRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(caller, idempotencyKey, Hash(ApplicationKinds.CustomerDetails, request), request.SupplyPointId, dryRun, async () =>
        {
            var today = Today;
            var (pointId, pointError) = ParsePoint(request.SupplyPointId);
            var facts = await LoadFactsAsync(pointId, cancellationToken).ConfigureAwait(false);
            var check = new CustomerDetailsCheck
            {
                Caller = caller, Request = request, PointId = pointId, PointIdError = pointError,
                AreaServed = pointId is not { } sid || directory.Serves((int)sid.Area), Facts = facts, Today = today,
            };
            var errors = Evaluate(CustomerDetailsRules.All, check);
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, today, today);
            }

            var key = pointId!.Value.Value;
            var holder = await db.ContractHolders.SingleOrDefaultAsync(h => h.SupplyPointId == key && h.RetailerCode == caller, cancellationToken).ConfigureAwait(false);
            if (holder is null)
            {
                holder = new ContractHolder { SupplyPointId = key, RetailerCode = caller, CustomerNumber = string.Empty, Name = string.Empty, Address = string.Empty };
                db.ContractHolders.Add(holder);
            }

            holder.CustomerNumber = request.CustomerNumber!.Trim();
            holder.Name = request.Name!.Trim();
            holder.NameKana = request.NameKana?.Trim() ?? string.Empty;
            holder.Address = request.Address!.Trim();
            holder.Phone = request.Phone?.Trim() ?? string.Empty;
            return await CompleteChangeAsync(caller, ApplicationKinds.CustomerDetails, key, today, "contract holder details replaced", cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    private async Task<Submission<ApplicationView>> CompleteChangeAsync(string caller, string kind, string point, DateOnly date, string detail, CancellationToken cancellationToken)
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
            CreatedAt = now,
            UpdatedAt = now,
        };
        await AddApplicationAsync(application, caller, cancellationToken).ConfigureAwait(false);
        ApplicationStatus.Move(application, ApplicationStatus.Completed, now);
        AuditApplication(TsoActor, application, "completed", ApplicationStatus.Received, detail);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new Submission<ApplicationView>(ApplicationView.Of(application), [], null, date);
    }
}
