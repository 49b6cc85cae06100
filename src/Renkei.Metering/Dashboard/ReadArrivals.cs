using Microsoft.Extensions.Hosting;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Dashboard;

/// <summary>
/// Reads accepted per minute, for the operator dashboard: samples the engine's accepted-read counter every few
/// seconds (nothing on the ingest path) and books each increase to the minute of the node's clock in which it was
/// seen, keeping the last 24 hours. The resolution is the sampling period: a batch is booked to the minute in
/// which the sample after it was taken.
/// </summary>
internal sealed class ReadArrivals(IntervalEngine engine, TimeProvider clock) : BackgroundService
{
    public const int MinutesKept = 24 * 60;

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    private readonly long[] counts = new long[MinutesKept];
    private readonly long[] minuteOf = new long[MinutesKept];
    private readonly Lock gate = new();
    private long last = -1;

    /// <summary>Takes one sample now (the background loop calls it every two seconds).</summary>
    public void Sample()
    {
        var total = engine.AcceptedTotal;
        var minute = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        lock (gate)
        {
            var delta = last < 0 ? 0 : total - last;
            last = total;
            var i = (int)(minute % MinutesKept);
            if (minuteOf[i] != minute)
            {
                minuteOf[i] = minute;
                counts[i] = 0;
            }

            counts[i] += Math.Max(0, delta);
        }
    }

    /// <summary>The reads accepted in each of the <paramref name="minutes"/> minutes up to now, oldest first.</summary>
    public IReadOnlyList<MinuteCount> Last(int minutes)
    {
        var n = Math.Clamp(minutes, 1, MinutesKept);
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / 60;
        var result = new MinuteCount[n];
        lock (gate)
        {
            for (var k = 0; k < n; k++)
            {
                var minute = now - (n - 1) + k;
                var i = (int)(minute % MinutesKept);
                result[k] = new MinuteCount(DateTimeOffset.FromUnixTimeSeconds(minute * 60), minuteOf[i] == minute ? counts[i] : 0);
            }
        }

        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        Sample();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            Sample();
        }
    }
}
