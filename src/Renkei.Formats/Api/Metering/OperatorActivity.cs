namespace Renkei.Formats.Api.Metering;

/// <summary>The operator's activity view: reads per minute, and the meters silent over the last closed slots.</summary>
public sealed record OperatorActivity(
    IReadOnlyList<MinuteCount> ReadsPerMinute,
    int SilentSlots,
    string CheckedFrom,
    string CheckedTo,
    int MetersScanned,
    int SilentMeters,
    IReadOnlyList<SilentMeter> SilentMetersListed);

/// <summary>A meter with no read over the checked slots.</summary>
public sealed record SilentMeter(string MeterId, string SupplyPointId);

/// <summary>Reads accepted in the minute starting at <see cref="Minute"/>.</summary>
public sealed record MinuteCount(DateTimeOffset Minute, long Reads);
