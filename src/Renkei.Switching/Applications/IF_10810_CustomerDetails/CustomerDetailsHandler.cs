using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Content;
using Renkei.Switching.Applications.HandOff;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;

namespace Renkei.Switching.Applications.IF_10810_CustomerDetails;

/// <summary>
/// 需要者情報変更 (IF_10810): the current retailer's contract holder record at the point is replaced, at once. The
/// TSO of the point's area gets the new details too: an area with a TSO node of its own by an order in the hub's
/// outbox, queued in the same transaction (<see cref="TsoCustomerDetailsOrder"/>; the node keeps them as its record of
/// the retailer's customer); an in-process TSO shares the hub's store, which holds them already.
/// </summary>
internal sealed class CustomerDetailsHandler(SwitchingDbContext db, ApplicationPipeline pipeline, ApplicationLedger ledger, PointFactsReader points, TsoHandOff tso)
    : ISubmitHandler<CustomerDetailsRequest, ApplicationView>
{
    /// <summary>需要者情報変更 (IF_10810).</summary>
    public Task<Submission<ApplicationView>> SubmitAsync(string caller, CustomerDetailsRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return pipeline.RunAsync(caller, idempotencyKey, ApplicationPipeline.Hash(ApplicationKinds.CustomerDetails, request), request.SupplyPointId, dryRun, async () =>
        {
            var (check, errors) = await points.AssessAsync(
                request.SupplyPointId, state => new CustomerDetailsCheck { Caller = caller, Request = request, Point = state }, CustomerDetailsRules.All, cancellationToken).ConfigureAwait(false);
            var today = check.Today;
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, today, today);
            }

            var key = check.PointId!.Value.Value;
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
            var application = await ledger.AddDatedApplicationAsync(caller, ApplicationKinds.CustomerDetails, key, today, cancellationToken).ConfigureAwait(false);
            var content = (request.Content ?? new ApplicationContent()) with
            {
                Customer = new NewCustomer(holder.Name, request.NameKana?.Trim(), request.PostalCode?.Trim(), holder.Address, request.Building?.Trim(), null),
            };
            ApplicationContents.Add(db, application.Id, content);
            ledger.Complete(application, "contract holder details replaced", application.UpdatedAt);
            var area = (int)check.PointId.Value.Area;
            if (tso.IsRemote(area))
            {
                var details = new TsoCustomerDetails(holder.CustomerNumber, holder.Name, Blank(holder.NameKana), request.PostalCode?.Trim(), holder.Address, request.Building?.Trim(), Blank(holder.Phone));
                var order = new TsoCustomerDetailsOrder(application.Number, key, caller, today, details);
                tso.QueueTsoOrder(area, TsoOrderKinds.CustomerDetails, order.Key, key, order);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<ApplicationView>(ApplicationView.Of(application) with { Content = content }, [], null, today);
        }, cancellationToken);
    }

    private static string? Blank(string value) => value.Length == 0 ? null : value;
}
