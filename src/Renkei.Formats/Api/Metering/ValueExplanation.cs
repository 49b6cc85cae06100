using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Metering;

/// <summary>
/// Why one published value of a supply point is what it is: its meters' bounding reads and the rule each was
/// computed by, the multipliers, and every version the value has had with what changed it. Derived on request from
/// the register window and the revision log; a value older than the window answers its value and version only
/// (<see cref="ReadsHeld"/> false).
/// </summary>
public sealed record ValueExplanation(
    string SupplyPointId,
    string Date,
    [Description("1 to 48: slot 1 is 00:00-00:30 JST.")] int Slot,
    [Description("import: energy taken from the grid; export: energy fed into it (reverse power flow).")][AllowedValues("import", "export")] string Direction,
    [Description("false while the slot is not published: nothing is explained until it is.")] bool Published,
    [Description("The published value in kWh with 4 decimals: the sum of the meters' kWh (null when missing or invalid).")] decimal? Kwh,
    [AllowedValues("actual", "estimated", "missing", "invalid")] string Quality,
    [Description("The version the value last changed at (0 while unpublished).")] long Version,
    [Description("false when the slot has left the in-memory window: the reads and rules are no longer held, only the value and its version (from the history store).")] bool ReadsHeld,
    [Description("Each meter installed at the point during the slot, in the point's meter order.")] IReadOnlyList<MeterExplanation> Meters,
    [Description("Every version of the value, oldest first: the publication, then each revision with what changed it. The last is the current one.")] IReadOnlyList<ValueVersion> Versions);

/// <summary>One meter's part of the value: the rule applied, the reads it was computed from, and its multiplier.</summary>
public sealed record MeterExplanation(
    string MeterId,
    [Description("The meter's multiplier: its register advance × this is its energy.")] int Multiplier,
    [Description("actual-delta: end register − start register; roll-over: the same across the register's wrap at 10^digits kWh; replacement-split: a slot cut by a meter replacement at a minute inside it (this meter's part: from the slot's start to its final register, or from its initial register to the slot's end); estimated: a share of the register advance across a gap (see estimation); invalid: the reads failed a check (see failedCheck); missing: no read on one side of the gap. Null when the reads are no longer held.")]
    [AllowedValues("actual-delta", "roll-over", "replacement-split", "estimated", "invalid", "missing")]
    string? Rule,
    [Description("The register advance in kWh before the multiplier (null when missing or invalid).")] decimal? RegisterKwh,
    [Description("The meter's energy in kWh: registerKwh × multiplier (null when missing or invalid).")] decimal? Kwh,
    [AllowedValues("actual", "estimated", "missing", "invalid")] string Quality,
    [Description("The reads that bound the value, in time order: start and end for an actual delta, before and after the gap for an estimate.")] IReadOnlyList<BoundingRead> Reads,
    [Description("How the estimate was made (null unless the rule is estimated, or invalid for an estimate).")] EstimationBasis? Estimation,
    [Description("The check that failed when the rule is invalid: negative-advance (the register went back and no roll-over at 10^digits kWh explains it), above-maximum (more than the meter's physical maximum per slot × the slots it spans) or final-below-last-read (the meter's final register at its removal is below its last read).")]
    [AllowedValues("negative-advance", "above-maximum", "final-below-last-read")]
    string? FailedCheck);

/// <summary>One register a value was computed from.</summary>
public sealed record BoundingRead(
    [Description("start/end: the slot's own boundaries; before/after: the nearest reads around a gap.")][AllowedValues("start", "end", "before", "after")] string Role,
    [Description("The boundary the register belongs to.")] DateTimeOffset At,
    [Description("The register in kWh.")] decimal RegisterKwh,
    [Description("read: a read from the meter through the HES; installation/removal: the registry's initial or final register of the meter.")][AllowedValues("read", "installation", "removal")] string Source,
    [Description("The instant by which the read had arrived: the slot's publication, or the revision of this meter's value in this slot that the last of its reads caused. Arrival instants are not kept per read. Null for the registry's registers.")] DateTimeOffset? ArrivedBy);

/// <summary>How an estimated value was fitted between the registers around its gap.</summary>
public sealed record EstimationBasis(
    [Description("equal-shares: the gap's register advance in equal shares per slot, the remainder one 0.0001 kWh each to the first slots, so the shares sum exactly to the advance.")][AllowedValues("equal-shares")] string Method,
    [Description("The slots in the gap, from the read before it to the read after it.")] int GapSlots,
    [Description("This slot's place in the gap, 1 for the first.")] int Position,
    [Description("The register advance across the gap in kWh, roll-over included (null when it failed a check).")] decimal? AdvanceKwh,
    [Description("Whether the register wrapped at 10^digits kWh within the gap.")] bool RolledOver);

/// <summary>One version of a value and what made it.</summary>
public sealed record ValueVersion(
    long Version,
    [Description("When the version was made: the slot's publication, or the revision.")] DateTimeOffset At,
    [Description("published: the slot's publication; late-read: a read that arrived after publication changed the meter's value (an actual read, or one that let a gap be estimated).")][AllowedValues("published", "late-read")] string Change,
    [Description("The meter whose value the revision changed (null for the publication).")] string? MeterId,
    [Description("The point's value at this version, kWh (null when missing or invalid).")] decimal? Kwh,
    [AllowedValues("actual", "estimated", "missing", "invalid")] string Quality);
