using Renkei.Switching.Applications.HandOff;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10510_MoveOut;

/// <summary>廃止・撤去 (IF_10510): the current retailer ends supply at a point; no counterpart, completed by the area's TSO.</summary>
internal sealed class MoveOutHandler(ApplicationPipeline pipeline, PointFactsReader points, TsoHandOff tso)
    : ISubmitHandler<MoveOutRequest, ApplicationView>
{
    /// <summary>廃止・撤去 (IF_10510).</summary>
    public Task<Submission<ApplicationView>> SubmitAsync(string caller, MoveOutRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return pipeline.RunAsync(caller, idempotencyKey, ApplicationPipeline.Hash(ApplicationKinds.MoveOut, request), request.SupplyPointId, dryRun, async () =>
        {
            var (check, errors) = await points.AssessAsync(
                request.SupplyPointId, state => new MoveOutCheck { Caller = caller, Request = request, Point = state }, MoveOutRules.All, cancellationToken).ConfigureAwait(false);
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, check.Today, request.EndDate);
            }

            return await tso.ChangeSupplyAsync(caller, ApplicationKinds.MoveOut, check.PointId!.Value, request.EndDate!.Value, start: false, request.Content, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }
}
