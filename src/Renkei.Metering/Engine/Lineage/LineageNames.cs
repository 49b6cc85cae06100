using Renkei.Metering.Engine.Vee;

namespace Renkei.Metering.Engine.Lineage;

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
internal static class LineageNames
{
    /// <summary>
    /// The wire name of the rule (the explain route's <c>rule</c>): both invalid rules are <c>invalid</c>, the
    /// failed check (<see cref="FailedCheck"/>) says which.
    /// </summary>
    public static string ToName(this VeeRule rule) => rule switch
    {
        VeeRule.ActualDelta => "actual-delta",
        VeeRule.Rollover => "roll-over",
        VeeRule.ReplacementSplit => "replacement-split",
        VeeRule.Estimation => "estimated",
        VeeRule.InvalidAdvance or VeeRule.InvalidFinalBelowLastRead => "invalid",
        VeeRule.NotInstalled => "not-installed",
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
