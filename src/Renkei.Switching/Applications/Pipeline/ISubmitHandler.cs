namespace Renkei.Switching.Applications.Pipeline;

/// <summary>
/// A market process a retailer submits a request to: it answers the resource the request creates (an application,
/// a 廃止取次) or, as a dry run, whether the request would be accepted. The API maps each of them through one route
/// shape.
/// </summary>
internal interface ISubmitHandler<in TRequest, TView>
    where TView : class
{
    Task<Submission<TView>> SubmitAsync(string caller, TRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken);
}
