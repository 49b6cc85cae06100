namespace Renkei.Metering.Engine.Lineage;

/// <summary>
/// The VEE rule a meter's value in a slot was computed by. A new rule of <see cref="Vee.SlotVee"/> is one member
/// here and one case in <see cref="LineageReader"/>; its wire name is in <see cref="ValueRules"/>.
/// </summary>
internal enum ValueRule : byte
{
    /// <summary>Both boundary registers: end − start.</summary>
    ActualDelta,

    /// <summary>Both boundary registers, the register wrapped at 10^digits between them.</summary>
    RollOver,

    /// <summary>A slot cut by a meter replacement inside it: this meter's part, from the slot's start to its final register or from its initial register to the slot's end (<see cref="Vee.VeeRule.ReplacementSplit"/>).</summary>
    ReplacementSplit,

    /// <summary>A share of the register advance across a gap.</summary>
    Estimated,

    /// <summary>The registers failed a check (<see cref="FailedCheck"/>).</summary>
    Invalid,

    /// <summary>No register on one side of the gap.</summary>
    Missing,
}

/// <summary>The VEE check a value failed.</summary>
internal enum FailedCheck : byte
{
    None,

    /// <summary>The register went back and no roll-over at 10^digits explains it.</summary>
    NegativeAdvance,

    /// <summary>The advance exceeds the meter's physical maximum per slot × the slots it spans.</summary>
    AboveMaximum,

    /// <summary>The meter's final register at its removal is below its last read (no roll-over is assumed onto a final register).</summary>
    FinalBelowLastRead,
}

/// <summary>Where a bounding register comes from.</summary>
internal enum ReadSource : byte
{
    /// <summary>A read of the meter through the HES.</summary>
    Read,

    /// <summary>The registry's initial register at the meter's installation.</summary>
    Installation,

    /// <summary>The registry's final register at the meter's removal.</summary>
    Removal,
}

/// <summary>The wire names of the lineage's enumerations (docs/formats.md).</summary>
internal static class ValueRules
{
    public static string ToName(this ValueRule rule) => rule switch
    {
        ValueRule.ActualDelta => "actual-delta",
        ValueRule.RollOver => "roll-over",
        ValueRule.ReplacementSplit => "replacement-split",
        ValueRule.Estimated => "estimated",
        ValueRule.Invalid => "invalid",
        _ => "missing",
    };

    public static string? ToName(this FailedCheck check) => check switch
    {
        FailedCheck.NegativeAdvance => "negative-advance",
        FailedCheck.AboveMaximum => "above-maximum",
        FailedCheck.FinalBelowLastRead => "final-below-last-read",
        _ => null,
    };

    public static string ToName(this ReadSource source) => source switch
    {
        ReadSource.Installation => "installation",
        ReadSource.Removal => "removal",
        _ => "read",
    };
}
