using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Renkei.Formats.Api.Operations;
using Renkei.Hosting.Observability;
using Renkei.Switching.Store;

namespace Renkei.Switching.Observability;

/// <summary>
/// The hub's outbox to the TSO nodes, seen from its table every <see cref="Interval"/> (one grouped query, off every
/// request path): per area the pending orders (<c>renkei.switching.outbox.depth</c>) and the age of the oldest
/// (<c>renkei.switching.outbox.oldest_age</c>); an area whose pending orders got no answer on their last send is
/// reported as a critical <c>tso-unreachable</c> alert.
/// </summary>
public sealed class OutboxWatch : BackgroundService, INodeConditions
{
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider clock;
    private volatile IReadOnlyList<AreaOutbox> areas = [];

    public OutboxWatch(IServiceScopeFactory scopes, TimeProvider clock, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.scopes = scopes;
        this.clock = clock;
        var meter = meters.Create(RenkeiMeters.Switching);
        meter.CreateObservableGauge("renkei.switching.outbox.depth", () => areas.Select(a => new Measurement<int>(a.Pending, Tag(a))), "{order}", "Orders to an area's TSO node not answered yet");
        meter.CreateObservableGauge("renkei.switching.outbox.oldest_age", () => areas.Select(a => new Measurement<double>(a.OldestAge.TotalSeconds, Tag(a))), "s", "Age of the oldest unanswered order to an area's TSO node");
    }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The last sample, per area with pending orders.</summary>
    public IReadOnlyList<AreaOutbox> Areas => areas;

    /// <summary>Reads the outbox now.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SwitchingDbContext>();
        var pending = await db.TsoOrders.AsNoTracking().Where(o => o.AnsweredAt == null)
            .Select(o => new { o.Area, o.CreatedAt, o.FailedAttempts, o.LastError })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        areas = [.. pending.GroupBy(o => o.Area).OrderBy(g => g.Key).Select(g =>
        {
            var failed = g.Where(o => o.FailedAttempts > 0).ToList();
            return new AreaOutbox(g.Key, g.Count(), now - g.Min(o => o.CreatedAt), failed.Count, failed.Select(o => o.LastError).FirstOrDefault(e => e is not null));
        })];
    }

    public void Collect(ICollection<NodeAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        foreach (var area in areas.Where(a => a.Unanswered > 0))
        {
            alerts.Add(new NodeAlert(
                NodeAlertCodes.TsoUnreachable,
                NodeAlertCodes.Critical,
                string.Create(CultureInfo.InvariantCulture, $"tso-{area.Area:D2}"),
                string.Create(CultureInfo.InvariantCulture, $"{area.Unanswered} of {area.Pending} pending orders got no answer, the oldest queued {area.OldestAge.TotalMinutes:F0} min ago; last error: {area.LastError ?? "-"}"),
                Unready: false));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store's own readiness check reports a store that cannot be read; the next tick tries again.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static KeyValuePair<string, object?> Tag(AreaOutbox a) => new("area", a.Area.ToString("D2", CultureInfo.InvariantCulture));
}

/// <summary>One area's pending orders: how many, the oldest's age, how many got no answer on their last send, and its error.</summary>
public sealed record AreaOutbox(int Area, int Pending, TimeSpan OldestAge, int Unanswered, string? LastError);
