using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.HandOff;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.IF_10410_MoveIn;

/// <summary>再点 (IF_10410): supply starts at a point without a contract; no counterpart, completed by the area's TSO.</summary>
internal sealed class MoveInHandler(SwitchingDbContext db, ApplicationPipeline pipeline, PointFactsReader points, TsoHandOff tso)
    : ISubmitHandler<MoveInRequest, ApplicationView>
{
    /// <summary>再点 (IF_10410).</summary>
    public Task<Submission<ApplicationView>> SubmitAsync(string caller, MoveInRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return pipeline.RunAsync(caller, idempotencyKey, ApplicationPipeline.Hash(ApplicationKinds.MoveIn, request), request.SupplyPointId, dryRun, async () =>
        {
            var state = await points.ReadAsync(request.SupplyPointId, cancellationToken).ConfigureAwait(false);
            var key = state.Id?.Value;
            var lastEnd = key is null ? null : await db.WheelingContracts.Where(c => c.SupplyPointId == key).MaxAsync(c => c.EndDate, cancellationToken).ConfigureAwait(false);
            var check = new MoveInCheck { Caller = caller, Request = request, Point = state, LastEnd = lastEnd };
            var errors = PointFactsReader.Evaluate(MoveInRules.All, check);
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, state.Today.AddDays(-MoveInRules.MaxBackDays), request.StartDate);
            }

            return await tso.ChangeSupplyAsync(caller, ApplicationKinds.MoveIn, state.Id!.Value, request.StartDate!.Value, start: true, request.Content, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }
}
