using Renkei.Domain.Identifiers;

namespace Renkei.Switching.Applications.Validation;

/// <summary>What every rule about one supply point looks at: the caller, the point and the store's facts.</summary>
internal class PointCheck
{
    public required string Caller { get; init; }

    /// <summary>The point as read under its lock (<see cref="Pipeline.PointFactsReader"/>).</summary>
    public required PointState Point { get; init; }

    public SupplyPointId? PointId => Point.Id;

    public string? PointIdError => Point.IdError;

    public PointFacts Facts => Point.Facts;

    public DateOnly Today => Point.Today;

    /// <summary>Whether the hub routes the point's area to a TSO.</summary>
    public bool AreaServed => Point.AreaServed;
}

/// <summary>
/// The supply point a request names, as the hub finds it: the parsed ID (or why it does not parse), whether the hub
/// serves its area, the store's facts about it, and the day the request is judged on (JST).
/// </summary>
internal sealed record PointState(SupplyPointId? Id, string? IdError, bool AreaServed, PointFacts Facts, DateOnly Today);
