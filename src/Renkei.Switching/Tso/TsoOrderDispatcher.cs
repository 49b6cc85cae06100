using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Renkei.Switching.Applications;
using Renkei.Switching.Store;

namespace Renkei.Switching.Tso;

/// <summary>
/// The hub's outbox sender: sends every pending order (<see cref="Model.TsoOrder"/>) to its area's TSO node, oldest
/// first, and applies each answer in a hub transaction (<see cref="Applications.HandOff.TsoHandOff.ApplyTsoAnswerAsync"/>). An area
/// that gives no answer is skipped for the rest of the round, so its orders keep their order; the next round sends
/// again. Since the TSO answers a repeated order with its first result, a crash anywhere between "queued" and
/// "answered" neither loses nor doubles a switch.
/// </summary>
public sealed partial class TsoOrderDispatcher(IServiceScopeFactory scopes, TsoDirectory directory, ILogger<TsoOrderDispatcher> logger) : BackgroundService
{
    /// <summary>Orders looked at per round.</summary>
    public const int Batch = 500;

    /// <summary>Pause between rounds (wall-clock time, not the hub's business clock).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverPendingAsync(stoppingToken).ConfigureAwait(false);
                await FollowPointChangesAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, e);
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

    /// <summary>One round: sends the pending orders and applies the answers; returns how many were applied.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        List<Model.TsoOrder> pending;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
            pending = await db.TsoOrders.AsNoTracking().Where(o => o.AnsweredAt == null).OrderBy(o => o.Id).Take(Batch)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var silent = new HashSet<int>();
        var applied = 0;
        foreach (var order in pending)
        {
            if (silent.Contains(order.Area))
            {
                continue;
            }

            TsoSwitchResult result;
            try
            {
                result = await directory.RemoteFor(order.Area).SendAsync(order, cancellationToken).ConfigureAwait(false);
            }
            catch (TsoUnavailableException e)
            {
                silent.Add(order.Area);
                LogNoAnswer(logger, order.Key, order.Area, e.Message);
                await RecordFailureAsync(order.Id, e.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<Applications.HandOff.TsoHandOff>().ApplyTsoAnswerAsync(order.Key, result, cancellationToken).ConfigureAwait(false))
                {
                    applied++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The answer could not be applied (e.g. the hub's copy of the contracts disagrees with the TSO's
                // answer): the order stays pending, its area waits, the others go on; an operator reads LastError.
                silent.Add(order.Area);
                LogApplyFailed(logger, order.Key, order.Area, e);
                await RecordFailureAsync(order.Id, "answer not applied: " + e.Message, cancellationToken).ConfigureAwait(false);
            }
        }

        return applied;
    }

    /// <summary>
    /// One round of the TSO → hub direction: reads each TSO node's supply-point changes after the hub's cursor and
    /// applies them in order, each once (<see cref="Applications.HandOff.TsoHandOff.ApplyPointChangeAsync"/>). A node that does not
    /// answer, or a change that cannot be applied, stops that area's round (its cursor stays; the next round reads
    /// again from there). Returns how many changes were applied.
    /// </summary>
    public async Task<int> FollowPointChangesAsync(CancellationToken cancellationToken)
    {
        var applied = 0;
        foreach (var tso in directory.RemoteTsos)
        {
            long cursor;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
                cursor = await db.TsoFeedCursors.AsNoTracking().Where(c => c.Area == tso.Area).Select(c => (long?)c.LastChangeId)
                    .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? 0;
            }

            try
            {
                var page = await tso.ReadPointChangesAsync(cursor, Batch, cancellationToken).ConfigureAwait(false);
                foreach (var change in page.Items)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    if (await scope.ServiceProvider.GetRequiredService<Applications.HandOff.TsoHandOff>().ApplyPointChangeAsync(tso.Area, change, cancellationToken).ConfigureAwait(false))
                    {
                        applied++;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPointChangesFailed(logger, tso.Area, e.Message);
            }
        }

        return applied;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "TSO order {Key}: no answer from the TSO of area {Area}, sent again next round: {Error}")]
    private static partial void LogNoAnswer(ILogger logger, string key, int area, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "TSO order {Key}: the answer of the TSO of area {Area} could not be applied; the order stays pending")]
    private static partial void LogApplyFailed(ILogger logger, string key, int area, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Supply-point changes of the TSO of area {Area}: not followed this round, read again next round: {Error}")]
    private static partial void LogPointChangesFailed(ILogger logger, int area, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "TSO order round failed; the pending orders are sent again next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception error);
}
