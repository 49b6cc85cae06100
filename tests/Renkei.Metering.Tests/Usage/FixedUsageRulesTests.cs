using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Tests.Usage;

/// <summary>When a reading period's usage is fixed, and its totals, on hand-computed values.</summary>
public sealed class FixedUsageRulesTests
{
    private static readonly DateOnly From = new(2026, 4, 14);

    // A three-day period: 14, 15 and 16 April.
    private static readonly UsagePeriod Period = new(2026, 4, From, From.AddDays(3), new DateOnly(2026, 5, 15));

    private static readonly ulong All = FixedUsageRules.AllDays(3);

    [Fact]
    public void EveryHeldSlotActual_Fixed_TotalIsTheSum_MaxDemandTwiceTheLargestSlot()
    {
        var values = Values(0.25m);
        values[Index(1, 20)] = Actual(1.5m);

        var s = FixedUsageRules.Summarize(values, All, Period);

        // 143 slots × 0.25 + 1.5 = 37.25 kWh; the largest slot 1.5 kWh → 3 kW, in slot 20 of 15 April.
        Assert.True(s.Fixed);
        Assert.Null(s.Reason);
        Assert.True(s.WholePeriod);
        Assert.Equal(Kwh.FromDecimal(37.25m).Units, s.TotalUnits);
        Assert.Equal(Kwh.FromDecimal(3m).Units, s.MaxDemandUnits);
        Assert.Equal(new Slot(From.AddDays(1), 20), s.MaxSlot);
    }

    [Fact]
    public void EstimatedBetweenReads_IsFinal()
    {
        var values = Values(0.25m);
        values[Index(0, 3)] = new IntervalValue(Kwh.FromDecimal(0.5m), Quality.Estimated, true, 7);

        var s = FixedUsageRules.Summarize(values, All, Period);

        Assert.True(s.Fixed);
        Assert.Equal(Kwh.FromDecimal((143 * 0.25m) + 0.5m).Units, s.TotalUnits);
        Assert.Equal(7, s.Version);
    }

    [Fact]
    public void LargestSlotTwice_TheFirstCounts()
    {
        var values = Values(0.25m);
        values[Index(2, 5)] = Actual(0.75m);
        values[Index(0, 40)] = Actual(0.75m);

        var s = FixedUsageRules.Summarize(values, All, Period);

        Assert.Equal(new Slot(From, 40), s.MaxSlot);
    }

    [Theory]
    [InlineData(Quality.Missing, true, FixedUsageRules.Missing)]
    [InlineData(Quality.Invalid, true, FixedUsageRules.Invalid)]
    [InlineData(Quality.Missing, false, FixedUsageRules.NotPublished)]
    public void OneSlotNotFinal_NotFixed_TheReasonNamesIt(Quality quality, bool published, string reason)
    {
        var values = Values(0.25m);
        values[Index(2, 48)] = new IntervalValue(null, quality, published, 3);

        var s = FixedUsageRules.Summarize(values, All, Period);

        Assert.False(s.Fixed);
        Assert.Equal(reason, s.Reason);
        Assert.Contains("1 slot(s)", s.Detail, StringComparison.Ordinal);
        Assert.Contains("2026-04-16 slot 48", s.Detail, StringComparison.Ordinal);

        // What is there still sums: 143 × 0.25 kWh.
        Assert.Equal(Kwh.FromDecimal(143 * 0.25m).Units, s.TotalUnits);
    }

    [Fact]
    public void UnpublishedBeforeMissing_TheFirstReasonIsThePeriodNotOver()
    {
        var values = Values(0.25m);
        values[Index(0, 1)] = new IntervalValue(null, Quality.Missing, true);
        values[Index(2, 47)] = new IntervalValue(null, Quality.Missing, false);
        values[Index(2, 48)] = new IntervalValue(null, Quality.Missing, false);

        var s = FixedUsageRules.Summarize(values, All, Period);

        Assert.Equal(FixedUsageRules.NotPublished, s.Reason);
        Assert.Contains("2 unpublished, 1 missing, 0 invalid", s.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PartOfThePeriodHeld_OnlyItsDaysCount_NotTheWholePeriod()
    {
        // The retailer held 15 and 16 April (switch date 15 April); 14 April is the other retailer's, and a missing slot
        // there does not stop this retailer's part from being fixed.
        var values = Values(0.25m);
        values[Index(0, 10)] = new IntervalValue(null, Quality.Missing, true);
        values[Index(0, 11)] = Actual(9m);

        var s = FixedUsageRules.Summarize(values, 0b110, Period);

        Assert.True(s.Fixed);
        Assert.False(s.WholePeriod);
        Assert.Equal(Kwh.FromDecimal(96 * 0.25m).Units, s.TotalUnits);
        Assert.Equal(Kwh.FromDecimal(0.5m).Units, s.MaxDemandUnits);
        Assert.Equal(new Slot(From.AddDays(1), 1), s.MaxSlot);
    }

    [Fact]
    public void NoValueAtAll_NoMaxDemand()
    {
        var values = new IntervalValue[Period.Days * Slot.PerDay];
        values.AsSpan().Fill(new IntervalValue(null, Quality.Missing, true));

        var s = FixedUsageRules.Summarize(values, All, Period);

        Assert.Null(s.MaxDemandUnits);
        Assert.Equal(0, s.TotalUnits);
    }

    private static IntervalValue[] Values(decimal kwh)
    {
        var values = new IntervalValue[Period.Days * Slot.PerDay];
        values.AsSpan().Fill(Actual(kwh));
        return values;
    }

    private static IntervalValue Actual(decimal kwh) => new(Kwh.FromDecimal(kwh), Quality.Actual, true, 1);

    private static int Index(int day, int slot) => (day * Slot.PerDay) + slot - 1;
}
