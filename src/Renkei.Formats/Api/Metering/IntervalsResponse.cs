namespace Renkei.Formats.Api.Metering;

/// <summary>A supply point's day: 48 slots.</summary>
public sealed record IntervalsResponse(string SupplyPointId, string Date, string Direction, IReadOnlyList<SlotValue> Slots);

/// <summary>One slot's value: kWh with 4 decimals (null when missing or invalid), quality, and the version it last changed at (0 while unpublished).</summary>
public sealed record SlotValue(int Slot, decimal? Kwh, string Quality, long Version);
