using Renkei.Metering.Engine.Window;

namespace Renkei.Metering.Tests.Engine.Window;

public sealed class RegisterLaneTests
{
    private const int Rows = 5;

    [Fact]
    public void NewLane_HoldsNoRegister()
    {
        var lane = new RegisterLane(Rows, 3);

        Assert.Equal(RegisterLane.Absent, lane[0, 0]);
        Assert.Equal(RegisterLane.Absent, lane[Rows - 1, 2]);
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
        Assert.Equal(RegisterLane.Absent, lane[1, 0]);
        Assert.Equal(0, lane.OverflowCount);
    }

    [Fact]
    public void RollOverWithinTheRing_KeepsBothRegistersExactly()
    {
        // A 6-digit register just before and just after it wraps: 9,999,994,000 units apart, no 16-bit difference.
        var lane = new RegisterLane(Rows, 1);
        lane[0, 0] = 9_999_990_000;
        lane[1, 0] = 9_999_999_000;
        lane[2, 0] = 5_000;
        lane[3, 0] = 12_000;

        Assert.Equal(9_999_990_000, lane[0, 0]);
        Assert.Equal(9_999_999_000, lane[1, 0]);
        Assert.Equal(5_000, lane[2, 0]);
        Assert.Equal(12_000, lane[3, 0]);
        Assert.Equal(1, lane.OverflowCount);
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
        Assert.Equal(RegisterLane.Absent, lane[0, 0]);
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
        Assert.Equal(RegisterLane.Absent, lane[4, 4]);
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

    [Fact]
    public void ReadArrivingBeforeTheFirstInTheChain_BecomesTheBaseAndTheOthersStayExact()
    {
        var lane = new RegisterLane(Rows, 1);
        lane[3, 0] = 50_000;
        lane[4, 0] = 52_000;

        lane[1, 0] = 40_000;
        lane[2, 0] = 45_000;

        Assert.Equal([RegisterLane.Absent, 40_000L, 45_000, 50_000, 52_000], Enumerable.Range(0, Rows).Select(r => lane[r, 0]));
        Assert.Equal(0, lane.OverflowCount);
    }

    [Fact]
    public void RemovingARegisterInTheMiddle_KeepsTheNextOneExact()
    {
        var lane = new RegisterLane(Rows, 1);
        lane[0, 0] = 1_000;
        lane[1, 0] = 21_000;
        lane[2, 0] = 41_000;

        lane[1, 0] = RegisterLane.Absent;

        Assert.Equal(1_000, lane[0, 0]);
        Assert.Equal(RegisterLane.Absent, lane[1, 0]);
        Assert.Equal(41_000, lane[2, 0]);

        // 40,000 units after row 0: more than a 16-bit difference holds, so it is kept whole.
        Assert.Equal(1, lane.OverflowCount);
    }

    [Fact]
    public void ChainRunsFromTheOldestRowRoundTheRing()
    {
        var lane = new RegisterLane(Rows, 1) { Oldest = 3 };

        // Rows 3, 4, 0, 1 hold four boundaries in time order.
        lane[3, 0] = 100;
        lane[4, 0] = 200;
        lane[0, 0] = 300;
        lane[1, 0] = 400;

        Assert.Equal([300L, 400, RegisterLane.Absent, 100, 200], Enumerable.Range(0, Rows).Select(r => lane[r, 0]));
        Assert.Equal(0, lane.OverflowCount);

        // The oldest row leaves (as the engine retires it) and the ring moves on by one.
        lane.ClearRow(3);
        lane.Oldest = 4;
        lane[3, 0] = 500;
        Assert.Equal([300L, 400, RegisterLane.Absent, 500, 200], Enumerable.Range(0, Rows).Select(r => lane[r, 0]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomWritesAndRetirements_ReadBackAsAPlainArrayWould(int seed)
    {
        // The engine's use of the lane at random: reads at any boundary of the window, in any order, with small
        // and huge register steps and removals; the oldest boundary retired as the ring moves on.
        const int rows = 9;
        const int meters = 4;
        var random = new Random(seed);
        var lane = new RegisterLane(rows, meters);
        var expected = new long[rows, meters];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < meters; i++)
            {
                expected[r, i] = RegisterLane.Absent;
            }
        }

        var newest = rows - 1;
        lane.Oldest = 0;
        for (var step = 0; step < 5_000; step++)
        {
            if (random.Next(10) == 0)
            {
                // Advance: the oldest row is emptied and becomes the newest.
                var oldestRow = (newest + 1) % rows;
                lane.Oldest = oldestRow;
                lane.ClearRow(oldestRow);
                for (var i = 0; i < meters; i++)
                {
                    expected[oldestRow, i] = RegisterLane.Absent;
                }

                newest = oldestRow;
                lane.Oldest = (newest + 1) % rows;
            }
            else
            {
                var row = random.Next(rows);
                var meter = random.Next(meters);
                var value = random.Next(8) switch
                {
                    0 => RegisterLane.Absent,
                    1 => random.NextInt64(0, 1_000_000_000_000),
                    _ => 5_000_000 + (((row - newest - 1 + rows) % rows) * 3_000) + random.Next(-2_000, 2_000),
                };
                lane[row, meter] = value;
                expected[row, meter] = value;
            }

            for (var r = 0; r < rows; r++)
            {
                for (var i = 0; i < meters; i++)
                {
                    Assert.Equal(expected[r, i], lane[r, i]);
                }
            }
        }
    }
}
