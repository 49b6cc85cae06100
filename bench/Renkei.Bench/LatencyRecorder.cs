using System.Diagnostics;

namespace Renkei.Bench;

/// <summary>Per-worker request latencies (Stopwatch ticks), merged once at the end.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<long>[] perWorker;

    public LatencyRecorder(int workers)
    {
        perWorker = new List<long>[workers];
        for (var i = 0; i < workers; i++)
        {
            perWorker[i] = new List<long>(1 << 16);
        }
    }

    public long Errors;

    public void Add(int worker, long ticks) => perWorker[worker].Add(ticks);

    public (long Count, double P50Ms, double P99Ms) Summary()
    {
        var all = perWorker.SelectMany(l => l).ToArray();
        if (all.Length == 0)
        {
            return (0, double.NaN, double.NaN);
        }

        Array.Sort(all);
        double Ms(double q) => all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return (all.Length, Ms(0.50), Ms(0.99));
    }
}
