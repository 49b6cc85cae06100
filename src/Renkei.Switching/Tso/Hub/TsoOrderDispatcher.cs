using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso.Hub;

/// <summary>
/// The hub's outbox sender: sends every pending order (<see cref="Model.TsoOrder"/>) to its area's TSO node, oldest
/// first, and applies each answer in a hub transaction (<see cref="ITsoAnswers.ApplyTsoAnswerAsync"/>); then follows
/// the node's supply-point changes. Each area runs on its own: an area whose node gives no answer (or whose answer
/// cannot be applied) stops its round, so its orders keep their order, and is tried again with exponential backoff
/// and jitter (<see cref="Backoff"/>, by a Polly retry) while the other areas go on every
/// <see cref="PollInterval"/>. The link's state changes (down, up again) are logged once each
/// (<see cref="TsoLinkState"/>). Since the TSO answers a repeated order with its first result, a crash anywhere
/// between "queued" and "answered" neither loses nor doubles a switch.
/// </summary>
/// <remarks>
/// Several hub instances on one PostgreSQL store (<paramref name="turns"/> given): an area's orders are sent only by
/// the instance that holds that area's advisory lock (<see cref="Renkei.Hosting.Cluster.AdvisoryLockTurn"/>, named
/// <see cref="TurnName"/>), taken before each round and held by the lock's own session for as long as the instance
/// lives; the others skip the area's rounds, and take it over at their next round once that session ends (the
/// instance stopped or died). On SQLite (one process) there are no turns.
/// </remarks>
internal sealed partial class TsoOrderDispatcher(
    IServiceScopeFactory scopes, TsoDirectory directory, ILogger<TsoOrderDispatcher> logger, Func<int, Renkei.Hosting.Cluster.AdvisoryLockTurn>? turns = null)
    : BackgroundService
{
    private readonly Dictionary<int, Renkei.Hosting.Cluster.AdvisoryLockTurn> held = turns is null ? [] : directory.RemoteTsos.ToDictionary(t => t.Area, t => turns(t.Area));

    /// <summary>The advisory lock of an area's outbox, the same name in every hub instance.</summary>
    public static string TurnName(int area) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"renkei.switching.tso-outbox.area-{area:D2}");

    /// <summary>Whether this instance may send <paramref name="area"/>'s orders now (always, without turns).</summary>
    public async Task<bool> HoldsAreaAsync(int area, CancellationToken cancellationToken) =>
        !held.TryGetValue(area, out var turn) || await turn.TryHoldAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Orders looked at per round and area.</summary>
    public const int Batch = 500;

    /// <summary>Pause between rounds of an area that answers (wall-clock time, not the hub's business clock).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The wait before trying an area again after a round without an answer: doubling from the first, with jitter, up to the cap.</summary>
    public TsoBackoff Backoff { get; init; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(directory.RemoteTsos.Select(tso => RunAreaAsync(tso, stoppingToken)));

    /// <summary>The rounds of one area until the hub stops: each round retried with backoff while the area gives no answer.</summary>
    private async Task RunAreaAsync(TsoClient tso, CancellationToken stoppingToken)
    {
        var link = new TsoLinkState(tso.Area, logger);
        var retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TsoUnavailableException>().Handle<TsoAnswerNotAppliedException>(),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = Backoff.First,
                MaxDelay = Backoff.Cap,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    link.Failed(args.Outcome.Exception!, args.RetryDelay);
                    return default;
                },
            })
            .Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await retry.ExecuteAsync(
                    async token =>
                    {
                        if (!await HoldsAreaAsync(tso.Area, token).ConfigureAwait(false))
                        {
                            return;
                        }

                        await DeliverAreaAsync(tso, token).ConfigureAwait(false);
                        await FollowAreaAsync(tso, token).ConfigureAwait(false);
                    },
                    stoppingToken).ConfigureAwait(false);
                link.Answered();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRoundFailed(logger, tso.Area, e);
            }

            try
            {
                await Task.Delay(PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round over every area, without backoff: sends the pending orders and applies the answers; returns how many were applied.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        var applied = 0;
        foreach (var tso in directory.RemoteTsos)
        {
            if (!await HoldsAreaAsync(tso.Area, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                applied += await DeliverAreaAsync(tso, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TsoUnavailableException or TsoAnswerNotAppliedException)
            {
                LogAreaNotDelivered(logger, tso.Area, e.Message);
            }
        }

        return applied;
    }

    /// <summary>
    /// One area's orders, oldest first, until one gets no answer or its answer cannot be applied: that order stays
    /// pending with the failure recorded, and the exception stops the round. Returns how many answers were applied.
    /// </summary>
    private async Task<int> DeliverAreaAsync(TsoClient tso, CancellationToken cancellationToken)
    {
        List<Model.TsoOrder> pending;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
            pending = await db.TsoOrders.AsNoTracking().Where(o => o.AnsweredAt == null && o.Area == tso.Area).OrderBy(o => o.Id).Take(Batch)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = 0;
        foreach (var order in pending)
        {
            TsoSwitchResult result;
            try
            {
                result = await tso.SendAsync(order, cancellationToken).ConfigureAwait(false);
            }
            catch (TsoUnavailableException e)
            {
                await RecordFailureAsync(order.Id, e.Message, cancellationToken).ConfigureAwait(false);
                throw;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<ITsoAnswers>().ApplyTsoAnswerAsync(order.Key, result, cancellationToken).ConfigureAwait(false))
                {
                    applied++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The answer could not be applied (e.g. the hub's copy of the contracts disagrees with the TSO's
                // answer): the order stays pending, its area waits, the others go on; an operator reads LastError.
                await RecordFailureAsync(order.Id, "answer not applied: " + e.Message, cancellationToken).ConfigureAwait(false);
                throw new TsoAnswerNotAppliedException($"TSO order {order.Key}: the answer of the TSO of area {tso.Area:D2} could not be applied: {e.Message}", e);
            }
        }

        return applied;
    }

    /// <summary>
    /// One round of the TSO → hub direction over every area, without backoff: reads each TSO node's supply-point
    /// changes after the hub's cursor and applies them in order, each once (<see cref="ITsoAnswers.ApplyPointChangeAsync"/>).
    /// A node that does not answer, or a change that cannot be applied, stops that area's round (its cursor stays; the
    /// next round reads again from there). Returns how many changes were applied.
    /// </summary>
    public async Task<int> FollowPointChangesAsync(CancellationToken cancellationToken)
    {
        var applied = 0;
        foreach (var tso in directory.RemoteTsos)
        {
            if (!await HoldsAreaAsync(tso.Area, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                applied += await FollowAreaAsync(tso, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TsoUnavailableException or TsoAnswerNotAppliedException)
            {
                LogPointChangesFailed(logger, tso.Area, e.Message);
            }
        }

        return applied;
    }

    /// <summary>One area's supply-point changes after the hub's cursor; throws when the node gives no answer or a change cannot be applied.</summary>
    private async Task<int> FollowAreaAsync(TsoClient tso, CancellationToken cancellationToken)
    {
        long cursor;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
            cursor = await db.TsoFeedCursors.AsNoTracking().Where(c => c.Area == tso.Area).Select(c => (long?)c.LastChangeId)
                .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? 0;
        }

        var page = await tso.ReadPointChangesAsync(cursor, Batch, cancellationToken).ConfigureAwait(false);
        var applied = 0;
        foreach (var change in page.Items)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<ITsoAnswers>().ApplyPointChangeAsync(tso.Area, change, cancellationToken).ConfigureAwait(false))
                {
                    applied++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not TsoUnavailableException)
            {
                throw new TsoAnswerNotAppliedException($"a supply-point change of the TSO of area {tso.Area:D2} could not be applied: {e.Message}", e);
            }
        }

        return applied;
    }

    /// <summary>Gives up this instance's turns (their sessions end), so another instance takes the areas over.</summary>
    public override void Dispose()
    {
        foreach (var turn in held.Values)
        {
            turn.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose();
    }

    private async Task RecordFailureAsync(long id, string error, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
        var gate = scope.ServiceProvider.GetService<WriteGate>();
        using var turn = gate is null ? null : await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var message = error.Length > 1000 ? error[..1000] : error;
        await db.TsoOrders.Where(o => o.Id == id && o.AnsweredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.FailedAttempts, o => o.FailedAttempts + 1).SetProperty(o => o.LastError, message), cancellationToken)
            .ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "TSO orders of area {Area}: not delivered this round, sent again next round: {Error}")]
    private static partial void LogAreaNotDelivered(ILogger logger, int area, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Supply-point changes of the TSO of area {Area}: not followed this round, read again next round: {Error}")]
    private static partial void LogPointChangesFailed(ILogger logger, int area, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "TSO round of area {Area} failed; the pending orders are sent again next round")]
    private static partial void LogRoundFailed(ILogger logger, int area, Exception error);
}

/// <summary>The hub's wait between tries of a TSO node that gives no answer: from <paramref name="First"/>, doubling with jitter, never longer than <paramref name="Cap"/>.</summary>
internal sealed record TsoBackoff(TimeSpan First, TimeSpan Cap);

/// <summary>A TSO node's answer (an order's result or a supply-point change) could not be applied at the hub; the order or change stays pending.</summary>
internal sealed class TsoAnswerNotAppliedException(string message, Exception inner) : Exception(message, inner);
