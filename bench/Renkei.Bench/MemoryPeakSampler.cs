using System.Globalization;

namespace Renkei.Bench;

/// <summary>
/// Samples the process's working set every 20 ms and remembers, at its highest, how much of it the managed heap
/// held and how many full collections had run: says whether a peak is managed garbage or something else
/// (native buffers, first-touched pages). Off every timed path (its own thread, a few reads of /proc a second).
/// </summary>
internal sealed class MemoryPeakSampler : IDisposable
{
    private readonly Thread thread;
    private volatile bool stopping;

    public MemoryPeakSampler()
    {
        thread = new Thread(Run) { IsBackground = true, Name = "memory peak sampler", Priority = ThreadPriority.BelowNormal };
        thread.Start();
    }

    public long PeakWorkingSet { get; private set; }

    public long ManagedAtPeak { get; private set; }

    public int FullCollectionsAtPeak { get; private set; }

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"sampled peak {PeakWorkingSet / (1024.0 * 1024 * 1024):F2} GiB, managed heap then {ManagedAtPeak / (1024.0 * 1024 * 1024):F2} GiB, {FullCollectionsAtPeak} full collections by then");

    public void Dispose()
    {
        stopping = true;
        thread.Join();
    }

    private void Run()
    {
        while (!stopping)
        {
            var ws = Environment.WorkingSet;
            if (ws > PeakWorkingSet)
            {
                PeakWorkingSet = ws;
                ManagedAtPeak = GC.GetTotalMemory(forceFullCollection: false);
                FullCollectionsAtPeak = GC.CollectionCount(2);
            }

            Thread.Sleep(20);
        }
    }
}
