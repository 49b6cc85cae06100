namespace Renkei.Metering.Engine.Vee;

/// <summary>
/// Validation, estimation and editing of 30-minute values as pure functions of registers: no state, no locks,
/// so each rule is tested on its own and the engine only finds the registers they need.
/// <list type="bullet">
/// <item>both boundary reads present: (end − start), plus 10^digits if it rolled over; above the meter's
/// physical maximum (or negative without a plausible roll-over): invalid; else actual;</item>
/// <item>a read missing, but reads before and after the gap: the gap's register difference is shared over its
/// slots so the shares sum to it exactly (equal shares, the remainder one unit each to the first slots):
/// estimated; implausible as a whole: invalid;</item>
/// <item>otherwise missing. Slots outside the meter's installation: not installed (contribute nothing).</item>
/// </list>
/// Meter replacement is the installation rule: a replaced meter's last slot ends at its removal (its final
/// register), the new meter's first slot starts at its installation (its initial register), and each is
/// installed only between the two. A replacement at a minute inside a slot is the replacement split
/// (<see cref="VeeRule.ReplacementSplit"/>): the window stands the final register at the end of the old meter's
/// last slot and the initial register at the start of the new meter's first, so each meter's part is an ordinary
/// advance (or a share of a gap) with its own digits and multiplier, and the supply point sums the parts. An
/// advance onto a final register does not roll over: a final register below the last read is invalid
/// (<see cref="VeeRule.InvalidFinalBelowLastRead"/>).
/// </summary>
internal static class SlotVee
{
    /// <summary>Whether the slot starting at boundary <paramref name="g"/> lies within a meter's installation (both its boundaries inside).</summary>
    public static bool IsInstalled(long g, long installedAt, long removedAt) => g >= installedAt && g + 1 <= removedAt;

    /// <summary>
    /// The register advance from <paramref name="start"/> to <paramref name="end"/> over <paramref name="slots"/>
    /// slots; a decrease is a roll-over at 10^digits. False when the advance is implausible: negative even after
    /// a roll-over, or above the meter's physical maximum for that many slots.
    /// </summary>
    public static bool TryAdvance(long start, long end, long slots, in MeterLimits limits, out long units)
    {
        units = end - start;
        if (units < 0)
        {
            units += limits.RolloverUnits;
        }

        return units >= 0 && units <= limits.MaxPerSlotUnits * slots;
    }

    /// <summary>A slot with both boundary registers: actual, or invalid if the advance is implausible.</summary>
    public static MeterValue Actual(long start, long end, in MeterLimits limits) =>
        TryAdvance(start, end, 1, limits, out var units) ? new MeterValue(units, SlotQuality.Actual) : MeterValue.Invalid;

    /// <summary>
    /// A slot inside a gap: the registers <paramref name="before"/> (at boundary <paramref name="p"/>) and
    /// <paramref name="after"/> (at <paramref name="q"/>) around it are shared over the gap's slots, so the
    /// shares of slots p … q − 1 sum exactly to the advance. The slot is the one starting at <paramref name="g"/>.
    /// </summary>
    public static MeterValue Estimate(long before, long after, long p, long q, long g, in MeterLimits limits)
    {
        var span = q - p;
        if (!TryAdvance(before, after, span, limits, out var total))
        {
            return MeterValue.Invalid;
        }

        return new MeterValue(Share(total, span, g - p), SlotQuality.Estimated);
    }

    /// <summary>The <paramref name="index"/>th of <paramref name="slots"/> shares of <paramref name="total"/>: equal shares, the remainder one unit each to the first.</summary>
    public static long Share(long total, long slots, long index)
    {
        var share = Math.DivRem(total, slots, out var remainder);
        return share + (index < remainder ? 1 : 0);
    }
}
