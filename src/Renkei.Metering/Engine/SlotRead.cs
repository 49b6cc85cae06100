using Renkei.Domain.Time;

namespace Renkei.Metering.Engine;

/// <summary>
/// One slot prepared for a bulk read (<see cref="IntervalEngine.PrepareSlot"/>): its boundary and the version it
/// was published under (null while unpublished, or published after the cut), looked up once for all supply points.
/// </summary>
public readonly record struct SlotRead(Slot Slot, long Boundary, long? Version, PublishedCut? Cut)
{
    public bool Published => Version is not null;
}
