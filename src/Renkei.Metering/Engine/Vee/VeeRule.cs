namespace Renkei.Metering.Engine.Vee;

/// <summary>
/// The VEE rule that produced one meter's value in one slot and direction, for the lineage of a published value.
/// Derived on request from the same registers as the value (<see cref="Window.RegisterWindow.RuleOf"/>), never
/// stored per value; the explain route names it (<see cref="Lineage.LineageNames"/>). A new rule of
/// <see cref="SlotVee"/> is one member here, one case in <see cref="Window.RegisterWindow.RuleOf"/> and its wire name.
/// </summary>
internal enum VeeRule : byte
{
    /// <summary>Outside the meter's installation, or export on an import-only meter: contributes nothing.</summary>
    NotInstalled = 0,

    /// <summary>Both boundary registers present: end − start.</summary>
    ActualDelta = 1,

    /// <summary>Both boundary registers present and the register wrapped: end − start + 10^digits.</summary>
    Rollover = 2,

    /// <summary>
    /// The slot holds a meter replacement at a minute inside it: this meter's part runs from the slot's start to
    /// its removal (its final register), or from its installation (its initial register) to the slot's end; the
    /// supply point's value is the sum of both meters' parts, each × its own multiplier.
    /// </summary>
    ReplacementSplit = 3,

    /// <summary>A share of a gap's register difference between the nearest registers around it.</summary>
    Estimation = 4,

    /// <summary>No register on one side of the gap yet.</summary>
    Missing = 5,

    /// <summary>Invalid: the advance is negative without a plausible roll-over, or above the meter's physical maximum.</summary>
    InvalidAdvance = 6,

    /// <summary>Invalid: the meter's final register at its removal is below its last read (no roll-over is assumed onto a final register).</summary>
    InvalidFinalBelowLastRead = 7,
}
