namespace Renkei.Domain.Energy;

/// <summary>The quality of a 30-minute value, as validation, estimation and editing (VEE) leaves it.</summary>
public enum Quality : byte
{
    /// <summary>Computed from two actual register reads.</summary>
    Actual = 0,

    /// <summary>Filled in for a gap; the estimates sum exactly to the register difference.</summary>
    Estimated = 1,

    /// <summary>No value yet: a read at one end of the slot has not arrived.</summary>
    Missing = 2,

    /// <summary>The reads exist but give an implausible value (negative without roll-over, above the meter's maximum).</summary>
    Invalid = 3,
}
