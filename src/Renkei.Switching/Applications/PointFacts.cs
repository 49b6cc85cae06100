using Renkei.Switching.Model;

namespace Renkei.Switching.Applications;

/// <summary>What the store holds about one supply point, read under the point's lock so that rules see a stable state.</summary>
internal sealed class PointFacts
{
    /// <summary>The point, or null when it does not exist.</summary>
    public SupplyPoint? Point { get; init; }

    /// <summary>The open-ended contract (the current or the next supplier), if any.</summary>
    public WheelingContract? OpenContract { get; init; }

    /// <summary>The applications on the point that are not final.</summary>
    public IReadOnlyList<Application> OpenApplications { get; init; } = [];

    /// <summary>The 廃止取次 on the point that are awaiting a decision or decided OK.</summary>
    public IReadOnlyList<CancellationRelay> OpenRelays { get; init; } = [];
}
