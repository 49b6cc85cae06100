using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Metering;

/// <summary>A supply point's day: 48 slots.</summary>
public sealed record IntervalsResponse(string SupplyPointId, string Date, [Description("import: energy taken from the grid; export: energy fed into it (reverse power flow).")][AllowedValues("import", "export")] string Direction, IReadOnlyList<SlotValue> Slots);

/// <summary>One slot's value: kWh with 4 decimals (null when missing or invalid), quality, and the version it last changed at (0 while unpublished).</summary>
public sealed record SlotValue([Description("1 to 48: slot 1 is 00:00-00:30 JST.")] int Slot, decimal? Kwh, [Description("actual: from meter reads; estimated: filled in by validation, estimation and editing (VEE); missing: no value yet; invalid: the reads failed validation.")][AllowedValues("actual", "estimated", "missing", "invalid")] string Quality, long Version);
