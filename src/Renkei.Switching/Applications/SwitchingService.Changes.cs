using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Applications.IF_10910_AmpereChange;
using Renkei.Switching.Model;
using Renkei.Switching.Tso;

namespace Renkei.Switching.Applications;

/// <summary>需要者情報変更 (IF_10810) and アンペア変更 (IF_10910): changes by the current retailer, completed at once or (ampere change) on a later date.</summary>
public sealed partial class SwitchingService
{
    /// <summary>アンペア変更 (IF_10910): the point's contract current becomes <see cref="AmpereChangeRequest.Amperes"/> on the change date (at once when that is today).</summary>
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
                AreaServed = Serves(pointId), Facts = facts, Today = today,
            };
            var errors = Evaluate(AmpereChangeRules.All, check);
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, today, request.ChangeDate);
            }

            // 契約変更予定年月日 today: applied at once; later: scheduled, and applied on that date by ApplyScheduledChangesAsync.
            var date = request.ChangeDate!.Value;
            var application = await AddDatedApplicationAsync(caller, ApplicationKinds.AmpereChange, pointId!.Value.Value, date, cancellationToken, request.Amperes).ConfigureAwait(false);
            if (date <= today)
            {
                var point = await db.SupplyPoints.SingleAsync(p => p.Id == application.SupplyPointId, cancellationToken).ConfigureAwait(false);
                await ChangeAmperesAsync(point, application, cancellationToken).ConfigureAwait(false);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            return new Submission<ApplicationView>(ApplicationView.Of(application), [], today, date);
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
                AreaServed = Serves(pointId), Facts = facts, Today = today,
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
            var application = await AddDatedApplicationAsync(caller, ApplicationKinds.CustomerDetails, key, today, cancellationToken).ConfigureAwait(false);
            Complete(application, "contract holder details replaced", application.UpdatedAt);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<ApplicationView>(ApplicationView.Of(application), [], null, today);
        }, cancellationToken);
    }

    /// <summary>
    /// Applies the ampere changes scheduled for today or earlier (IF_10910 with a future 契約変更予定年月日), each under
    /// its point's lock: the point's contract current changes and the application completes; if the retailer no
    /// longer supplies the point on that date, the change is rejected instead. Returns how many it applied.
    /// </summary>
    public async Task<int> ApplyScheduledChangesAsync(CancellationToken cancellationToken)
    {
        var today = Today;
        var due = await db.Applications.AsNoTracking()
            .Where(a => a.Kind == ApplicationKinds.AmpereChange && a.Status == ApplicationStatus.Received && a.SwitchDate <= today)
            .Select(a => new { a.Id, a.SupplyPointId })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var applied = 0;
        foreach (var item in due)
        {
            await RunAsync<ApplicationView>(HubActor, null, string.Empty, item.SupplyPointId, false, async () =>
            {
                var application = await db.Applications.SingleAsync(a => a.Id == item.Id, cancellationToken).ConfigureAwait(false);
                if (application.Status != ApplicationStatus.Received)
                {
                    return new Submission<ApplicationView>(null, []);
                }

                // The retailer must supply the point on the change date itself (the sweep may run later than that day).
                var date = application.SwitchDate!.Value;
                var supplies = await db.WheelingContracts
                    .AnyAsync(c => c.SupplyPointId == application.SupplyPointId && c.RetailerCode == application.RetailerCode && c.StartDate <= date && (c.EndDate == null || c.EndDate > date), cancellationToken)
                    .ConfigureAwait(false);
                if (supplies)
                {
                    var point = await db.SupplyPoints.SingleAsync(p => p.Id == application.SupplyPointId, cancellationToken).ConfigureAwait(false);
                    await ChangeAmperesAsync(point, application, cancellationToken).ConfigureAwait(false);
                    applied++;
                }
                else
                {
                    Reject(application, AmpereChangeRules.NotSupplierOnDateCode, string.Create(CultureInfo.InvariantCulture, $"on {application.SwitchDate:yyyy-MM-dd} {application.RetailerCode} no longer supplies the point"), TsoActor, clock.GetUtcNow());
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new Submission<ApplicationView>(null, []);
            }, cancellationToken).ConfigureAwait(false);
        }

        return applied;
    }

    /// <summary>
    /// The ampere change takes effect (its date has come): with an in-process TSO the point's contract current changes
    /// and the application completes in this transaction; with a TSO node of its own the order goes to the outbox and
    /// the application waits at the TSO (<c>10</c>) until its answer (<see cref="ApplyTsoAnswerAsync"/>).
    /// </summary>
    private async Task ChangeAmperesAsync(SupplyPoint point, Application application, CancellationToken cancellationToken)
    {
        if (!directory.IsRemote(point.Area))
        {
            ApplyAmperes(point, application, null);
            return;
        }

        // The order carries its own outbox row's ID (the hub's order number, which the TSO keeps with the point's
        // amperes): the row is written first to get it, in this same transaction.
        var row = QueueTsoOrder(point.Area, TsoOrderKinds.Ampere, application.Number, point.Id, null);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        row.Body = JsonSerializer.Serialize(
            new TsoAmpereOrder(application.Number, point.Id, application.RetailerCode, application.Amperes!.Value, application.SwitchDate!.Value, row.Id), TsoRoutes.Json);
        var from = application.Status;
        ApplicationStatus.Move(application, ApplicationStatus.AtTso, clock.GetUtcNow());
        AuditApplication(HubActor, application, "sent to TSO", from, string.Create(CultureInfo.InvariantCulture,
            $"contract current {application.Amperes} A, effective {application.SwitchDate:yyyy-MM-dd} once the TSO of area {point.Area:D2} answers"));
    }

    /// <summary>
    /// Sets the point's contract current to the application's and completes it; <paramref name="order"/> is the TSO
    /// order that carried it (a TSO node of its own completed it), null for an in-process TSO. An answer older than
    /// the ampere order the point already reflects completes the application but leaves the newer current.
    /// </summary>
    private void ApplyAmperes(SupplyPoint point, Application application, TsoOrder? order)
    {
        var before = point.ContractAmperes;
        var detail = string.Create(CultureInfo.InvariantCulture, $"contract current {before?.ToString(CultureInfo.InvariantCulture) ?? "-"} A → {application.Amperes} A, effective {application.SwitchDate:yyyy-MM-dd}");
        if (order is null)
        {
            point.ContractAmperes = application.Amperes;
        }
        else if (order.Id >= point.AmpereOrder)
        {
            point.ContractAmperes = application.Amperes;
            point.AmpereOrder = order.Id;
            detail += string.Create(CultureInfo.InvariantCulture, $" (TSO of area {order.Area:D2}, order {order.Id})");
        }
        else
        {
            detail = string.Create(CultureInfo.InvariantCulture,
                $"{application.Amperes} A effective {application.SwitchDate:yyyy-MM-dd} at the TSO of area {order.Area:D2} (order {order.Id}); the point already reflects the newer ampere order {point.AmpereOrder} ({before} A)");
        }

        Complete(application, detail, clock.GetUtcNow());
    }
}
