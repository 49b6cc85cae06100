using Renkei.Metering.Engine.Vee;

namespace Renkei.Metering.Tests.Engine.Vee;

public class SlotVeeTests
{
    // Five digits of kWh: the register rolls over at 100000.0000 kWh; at most 2.5000 kWh per slot.
    private static readonly MeterLimits Limits = new(1_000_000_000, 25_000);

    [Fact]
    public void Actual_RegisterAdvance_IsTheDifference()
    {
        Assert.Equal(new MeterValue(2_500, SlotQuality.Actual), SlotVee.Actual(10_000_000, 10_002_500, Limits));
    }

    [Fact]
    public void Actual_RegisterRolledOver_AddsTheRollover()
    {
        Assert.Equal(new MeterValue(3_000, SlotQuality.Actual), SlotVee.Actual(999_999_000, 2_000, Limits));
    }

    [Fact]
    public void Actual_RegisterBackwardsWithoutPlausibleRollover_IsInvalid()
    {
        Assert.Equal(MeterValue.Invalid, SlotVee.Actual(5_000_000, 4_990_000, Limits));
    }

    [Fact]
    public void Actual_AdvanceAboveThePhysicalMaximum_IsInvalid()
    {
        Assert.Equal(MeterValue.Invalid, SlotVee.Actual(0, 25_001, Limits));
        Assert.Equal(new MeterValue(25_000, SlotQuality.Actual), SlotVee.Actual(0, 25_000, Limits));
    }

    [Fact]
    public void TryAdvance_OverSeveralSlots_AllowsTheMaximumOfEach()
    {
        Assert.True(SlotVee.TryAdvance(0, 75_000, 3, Limits, out var units));
        Assert.Equal(75_000, units);
        Assert.False(SlotVee.TryAdvance(0, 75_001, 3, Limits, out _));
    }

    [Fact]
    public void Estimate_GapOfThreeSlots_SharesSumExactlyToTheRegisterDifference()
    {
        // Reads at boundaries 10 and 13, none at 11 and 12: 1.0000 kWh over three slots.
        var shares = new long[3];
        for (var g = 10; g < 13; g++)
        {
            var value = SlotVee.Estimate(50_000, 60_000, 10, 13, g, Limits);
            Assert.Equal(SlotQuality.Estimated, value.Quality);
            shares[g - 10] = value.Units;
        }

        Assert.Equal([3_334L, 3_333, 3_333], shares);
        Assert.Equal(10_000, shares.Sum());
    }

    [Fact]
    public void Estimate_GapAcrossARollover_SharesTheWrappedAdvance()
    {
        var first = SlotVee.Estimate(999_999_000, 1_000, 0, 2, 0, Limits);
        var second = SlotVee.Estimate(999_999_000, 1_000, 0, 2, 1, Limits);

        Assert.Equal(2_000, first.Units + second.Units);
        Assert.Equal(SlotQuality.Estimated, second.Quality);
    }

    [Fact]
    public void Estimate_ImplausibleGap_IsInvalid()
    {
        Assert.Equal(MeterValue.Invalid, SlotVee.Estimate(0, 50_001, 0, 2, 1, Limits));
    }

    [Theory]
    [InlineData(10, 3, new long[] { 4, 3, 3 })]
    [InlineData(2, 4, new long[] { 1, 1, 0, 0 })]
    [InlineData(0, 2, new long[] { 0, 0 })]
    public void Share_Remainder_GoesOneUnitEachToTheFirstSlots(long total, long slots, long[] expected)
    {
        var shares = new long[slots];
        for (var i = 0; i < slots; i++)
        {
            shares[i] = SlotVee.Share(total, slots, i);
        }

        Assert.Equal(expected, shares);
    }

    [Theory]
    [InlineData(10, 10, 20, true)]
    [InlineData(19, 10, 20, true)]
    [InlineData(20, 10, 20, false)]
    [InlineData(9, 10, 20, false)]
    [InlineData(100, 10, int.MaxValue, true)]
    public void IsInstalled_SlotMustLieBetweenInstallationAndRemoval(long g, long installedAt, long removedAt, bool installed)
    {
        // A replaced meter's last slot ends at its removal; the new meter's first starts at its installation.
        Assert.Equal(installed, SlotVee.IsInstalled(g, installedAt, removedAt));
    }
}
