using Renkei.Domain.Energy;

namespace Renkei.Metering.Engine.Vee;

/// <summary>A supply point's value in a slot: the sum over its installed meters, with the worst quality.</summary>
internal struct PointTotal
{
    private long units;
    private SlotQuality worst;
    private bool any;

    /// <summary>Adds one installed meter's quality and energy (after the multiplier).</summary>
    public void Add(SlotQuality quality, long energyUnits)
    {
        worst = !any || quality > worst ? quality : worst;
        any = true;
        if (quality is SlotQuality.Actual or SlotQuality.Estimated)
        {
            units += energyUnits;
        }
    }

    /// <summary>The published value; no installed meter at all reads as missing.</summary>
    public readonly IntervalValue ToValue(long version) => !any ? new IntervalValue(null, Quality.Missing, true, version) : worst switch
    {
        SlotQuality.Actual => new IntervalValue(Kwh.FromUnits(units), Quality.Actual, true, version),
        SlotQuality.Estimated => new IntervalValue(Kwh.FromUnits(units), Quality.Estimated, true, version),
        SlotQuality.Invalid => new IntervalValue(null, Quality.Invalid, true, version),
        _ => new IntervalValue(null, Quality.Missing, true, version),
    };

    /// <summary>The market's quality of a VEE quality (not installed reads as missing).</summary>
    public static Quality ToQuality(SlotQuality quality) => quality switch
    {
        SlotQuality.Actual => Quality.Actual,
        SlotQuality.Estimated => Quality.Estimated,
        SlotQuality.Invalid => Quality.Invalid,
        _ => Quality.Missing,
    };

    /// <summary>The VEE quality of a market quality.</summary>
    public static SlotQuality ToSlotQuality(Quality quality) => quality switch
    {
        Quality.Actual => SlotQuality.Actual,
        Quality.Estimated => SlotQuality.Estimated,
        Quality.Invalid => SlotQuality.Invalid,
        _ => SlotQuality.Missing,
    };
}
