using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Renkei.Switching.Applications.Deadlines;

/// <summary>Runs <see cref="DeadlineHandler.RunAsync"/> every minute on the node's clock.</summary>
internal sealed class DeadlineSweeper(IServiceScopeFactory scopes, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DeadlineHandler>().RunAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
