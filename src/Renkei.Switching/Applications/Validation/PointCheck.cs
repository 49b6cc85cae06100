using Renkei.Domain.Identifiers;

namespace Renkei.Switching.Applications.Validation;

/// <summary>What every rule about one supply point looks at: the caller, the point and the store's facts.</summary>
public class PointCheck
{
    public required string Caller { get; init; }

    public SupplyPointId? PointId { get; init; }

    public string? PointIdError { get; init; }

    public required PointFacts Facts { get; init; }

    public DateOnly Today { get; init; }

    /// <summary>Whether the hub routes the point's area to a TSO.</summary>
    public bool AreaServed { get; init; } = true;
}
