using Renkei.Metering.Cluster;

namespace Renkei.Metering.Tests.Cluster;

/// <summary>Waits on partition leases' events (never a timed poll).</summary>
internal static class LeaseWaits
{
    /// <summary>Completes when <paramref name="condition"/> holds, checked after each event of the nodes; fails after a minute.</summary>
    public static Task UntilAsync(Func<bool> condition, params PartitionLeases[] nodes) => UntilAsync(condition, TimeSpan.FromSeconds(60), nodes);

    /// <summary>Completes when <paramref name="condition"/> holds, checked after each event of the nodes; fails after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, params PartitionLeases[] nodes)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (condition())
            {
                done.TrySetResult();
            }
        }

        void OnPartition(int _) => Check();
        foreach (var node in nodes)
        {
            node.RoundCompleted += Check;
            node.Acquired += OnPartition;
            node.Lost += OnPartition;
        }

        try
        {
            Check();
            await done.Task.WaitAsync(timeout);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.RoundCompleted -= Check;
                node.Acquired -= OnPartition;
                node.Lost -= OnPartition;
            }
        }
    }
}
