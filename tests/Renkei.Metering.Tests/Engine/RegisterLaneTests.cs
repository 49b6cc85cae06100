using Renkei.Metering.Engine;

namespace Renkei.Metering.Tests.Engine;

public sealed class RegisterLaneTests
{
    private const int Rows = 5;

    [Fact]
    public void NewLane_HoldsNoRegister()
    {
        var lane = new RegisterLane(Rows, 3);

        Assert.Equal(IntervalEngine.Absent, lane[0, 0]);
        Assert.Equal(IntervalEngine.Absent, lane[Rows - 1, 2]);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(123_456_789L)]
    [InlineData(9_999_999_999L)]
    [InlineData(999_999_999_999_999L)]
    public void StoredRegister_ReadsBackExactly(long register)
    {
        var lane = new RegisterLane(Rows, 2);

        lane[1, 1] = register;
        lane[2, 1] = register + 10_000;

        Assert.Equal(register, lane[1, 1]);
        Assert.Equal(register + 10_000, lane[2, 1]);
        Assert.Equal(IntervalEngine.Absent, lane[1, 0]);
        Assert.Equal(0, lane.OverflowCount);
    }

    [Fact]
    public void RollOverWithinTheRing_KeepsBothRegistersExactly()
    {
        // A 6-digit register just before and just after it wraps: 9,999,999,000 units apart, no 32-bit offset.
        var lane = new RegisterLane(Rows, 1);
        lane[0, 0] = 9_999_990_000;
        lane[1, 0] = 9_999_999_000;
        lane[2, 0] = 5_000;
        lane[3, 0] = 12_000;

        Assert.Equal(9_999_990_000, lane[0, 0]);
        Assert.Equal(9_999_999_000, lane[1, 0]);
        Assert.Equal(5_000, lane[2, 0]);
        Assert.Equal(12_000, lane[3, 0]);
        Assert.Equal(2, lane.OverflowCount);
    }

    [Fact]
    public void OverflowedRegister_LeavesTheTableWhenItsRowIsCleared()
    {
        var lane = new RegisterLane(Rows, 1);
        lane[0, 0] = 9_999_999_000;
        lane[1, 0] = 5_000;
        Assert.Equal(1, lane.OverflowCount);

        lane.ClearRow(0);

        Assert.Equal(0, lane.OverflowCount);
        Assert.Equal(IntervalEngine.Absent, lane[0, 0]);
        Assert.Equal(5_000, lane[1, 0]);
    }

    [Fact]
    public void OverwritingAnOverflowedRegister_DropsItsOverflowEntry()
    {
        var lane = new RegisterLane(Rows, 1);
        lane[0, 0] = 9_999_999_000;
        lane[1, 0] = 5_000;

        lane[0, 0] = 1_000;

        Assert.Equal(0, lane.OverflowCount);
        Assert.Equal(1_000, lane[0, 0]);
        Assert.Equal(5_000, lane[1, 0]);
    }

    [Fact]
    public void CarryRow_CopiesOnlyPresentRegisters()
    {
        var lane = new RegisterLane(Rows, 3);
        lane[2, 0] = 100;
        lane[2, 2] = 9_999_999_000;
        lane[3, 2] = 7;
        long[] carry = [1, 2, 3];
        long[] carryBoundary = [-1, -1, -1];

        lane.CarryRow(2, carry, carryBoundary, 42);

        Assert.Equal([100, 2, 9_999_999_000], carry);
        Assert.Equal([42, -1, 42], carryBoundary);
    }

    [Fact]
    public void Grow_KeepsRegistersAndAddsEmptyMeters()
    {
        var lane = new RegisterLane(Rows, 2);
        lane[4, 1] = 77;
        lane[0, 0] = 9_999_999_000;
        lane[1, 0] = 3;

        lane.Grow(5);

        Assert.Equal(5, lane.Count);
        Assert.Equal(77, lane[4, 1]);
        Assert.Equal(9_999_999_000, lane[0, 0]);
        Assert.Equal(3, lane[1, 0]);
        Assert.Equal(IntervalEngine.Absent, lane[4, 4]);
        lane[4, 4] = 11;
        Assert.Equal(11, lane[4, 4]);
    }

    [Fact]
    public void WriteThenRead_RestoresEveryRegisterIncludingOverflow()
    {
        var lane = new RegisterLane(Rows, 3);
        lane[0, 0] = 9_999_999_000;
        lane[1, 0] = 4;
        lane[2, 1] = 123_456;
        lane[4, 2] = 1_000_000_000_000;
        using var stream = new MemoryStream();

        lane.WriteTo(stream);
        Assert.Equal(lane.SerializedLength, stream.Length);
        stream.Position = 0;
        var loaded = new RegisterLane(Rows, 3);
        loaded.ReadFrom(stream);

        for (var r = 0; r < Rows; r++)
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(lane[r, i], loaded[r, i]);
            }
        }

        Assert.Equal(lane.OverflowCount, loaded.OverflowCount);
    }
}
