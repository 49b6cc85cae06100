using Renkei.Domain.Time;

namespace Renkei.Formats.Api.Metering;

/// <summary>
/// A slot's processing timeline: when it ended, when 50/90/99/100 % of its expected reads (the reads stamped at
/// its end) had arrived, its cutoff, when computing started and ended, and when it was published, with the
/// version it was published under and the quality mix of its import values. Fields are null until reached.
/// </summary>
public sealed record SlotTimeline(
    Slot Slot,
    DateTimeOffset SlotEnd,
    DateTimeOffset Cutoff,
    int ExpectedReads,
    int ArrivedReads,
    DateTimeOffset? Arrived50,
    DateTimeOffset? Arrived90,
    DateTimeOffset? Arrived99,
    DateTimeOffset? Arrived100,
    DateTimeOffset? ComputeStart,
    DateTimeOffset? ComputeEnd,
    DateTimeOffset? PublishedAt,
    long? Version,
    QualityMix? Quality)
{
    /// <summary>What re-reading the meters silent at the cutoff did for the slot (null before its publication, or when the node re-reads nothing).</summary>
    public SlotRereads? Rereads { get; init; }

    /// <summary>
    /// Back-filled history: the slot's cutoff had passed before the metering node started, so the node published it by
    /// catching up at its start (a first start over past days, or after downtime), not live. Its time to publication
    /// says when the node started, and is not held to the 60-minute bound.
    /// </summary>
    [System.ComponentModel.Description("true: back-filled history, published by the metering node catching up at its start (the slot's cutoff had passed before the node started); its time to publication is not held to the 60-minute bound. false: a live slot.")]
    public bool BackFilled { get; init; }
}

/// <summary>How many meter values of a slot (import) are of each quality, and their total energy in 0.0001 kWh.</summary>
public sealed record QualityMix(int Actual, int Estimated, int Missing, int Invalid, long TotalUnits);
