using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Domain.Time;
using Renkei.Hosting.Observability;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Observability;

/// <summary>
/// The metering node's instruments (<see cref="RenkeiMeters.Metering"/>, listed in docs/operations.md). The ingest
/// path pays one counter add per batch and outcome, never one per read.
/// </summary>
internal sealed class MeteringMetrics
{
    private static readonly double[] DelayBuckets = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3300, 3600, 7200];

    private readonly Counter<long> ingested;
    private readonly Counter<long> rejected;
    private readonly Histogram<double> publicationDelay;
    private readonly Counter<long> pastDeadline;
    private readonly Counter<long> batchesRefused;
    private readonly TimeSpan cutoff;
    private readonly TimeSpan bound;

    public MeteringMetrics(IMeterFactory meters, ReadLogHealth readLog, Hes.BatchAdmission admission, TimeSpan cutoff, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(readLog);
        ArgumentNullException.ThrowIfNull(admission);
        var meter = meters.Create(RenkeiMeters.Metering);
        this.cutoff = cutoff;
        this.bound = bound;
        ingested = meter.CreateCounter<long>("renkei.metering.reads.ingested", "{read}", "Reads the HES accepted and made durable");
        rejected = meter.CreateCounter<long>("renkei.metering.reads.rejected", "{read}", "Reads the HES refused (unknown meter, outside the window, implausible, malformed)");
        publicationDelay = meter.CreateHistogram(
            "renkei.metering.slot.publication_delay",
            "s",
            "From a slot's cutoff to its publication, on the node's clock",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DelayBuckets });
        pastDeadline = meter.CreateCounter<long>("renkei.metering.slots.past_deadline", "{slot}", "Slots published after their deadline (slot end + the 60-minute bound)");
        meter.CreateObservableGauge("renkei.metering.readlog.failing", () => readLog.Failing ? 1 : 0, "{log}", "1 while the read log cannot be written (the HES's batches are refused)");
        batchesRefused = meter.CreateCounter<long>(
            "renkei.metering.hes.batches.refused",
            "{batch}",
            "Batches the HES refused with 503 and Retry-After, nothing of them kept, by reason (in-flight: ingest not keeping up; history-backlog; read-log)");
        meter.CreateObservableGauge("renkei.metering.hes.batches.in_flight", () => admission.InFlight, "{batch}", "Batches the HES is reading or ingesting now (at most --max-batches-in-flight)");
    }

    /// <summary>A batch refused whole with 503 (<paramref name="reason"/>: in-flight, history-backlog or read-log).</summary>
    public void BatchRefused(string reason) => batchesRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>One batch's outcome: <paramref name="accepted"/> reads made durable, <paramref name="refused"/> refused.</summary>
    public void Ingested(int accepted, int refused)
    {
        if (accepted > 0)
        {
            ingested.Add(accepted);
        }

        if (refused > 0)
        {
            rejected.Add(refused);
        }
    }

    /// <summary><paramref name="slot"/> was published at <paramref name="at"/> (the node's clock).</summary>
    public void Published(Slot slot, DateTimeOffset at)
    {
        publicationDelay.Record(Math.Max(0, (at - (slot.End + cutoff)).TotalSeconds));
        if (at > slot.End + bound)
        {
            pastDeadline.Add(1);
        }
    }
}

/// <summary>Registers the metering node's metrics, read log health and alert sources (the HES's <see cref="Hes.BatchAdmission"/> must be registered).</summary>
public static class MeteringObservability
{
    public static IServiceCollection AddMeteringObservability(this IServiceCollection services, TimeSpan cutoff, TimeSpan bound)
    {
        services.AddSingleton<ReadLogHealth>();
        services.AddSingleton(sp => new MeteringMetrics(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<ReadLogHealth>(), sp.GetRequiredService<Hes.BatchAdmission>(), cutoff, bound));
        services.AddSingleton<INodeConditions>(sp => new MeteringConditions(
            sp.GetRequiredService<ReadLogHealth>(), sp.GetRequiredService<SlotCloser>(), sp.GetRequiredService<IntervalEngine>(), sp.GetRequiredService<TimeProvider>(), bound));
        services.AddSingleton<INodeConditions>(sp => new IngestSaturatedCondition(sp.GetRequiredService<Hes.BatchAdmission>()));
        return services;
    }
}
