using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Renkei.Domain.Time;

namespace Renkei.Domain.Tests.Time;

public class SlotTests
{
    private static readonly DateOnly April1 = new(2026, 4, 1);

    private static DateTimeOffset JstAt(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, Jst.Offset);

    [Theory]
    [InlineData(0)]
    [InlineData(49)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Constructor_NumberOutOfRange_IsRejected(int number)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Slot(April1, number));

        Assert.Equal("number", ex.ParamName);
        Assert.Contains("between 1 and 48", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(48)]
    public void Constructor_NumberInRange_IsKept(int number)
    {
        var slot = new Slot(April1, number);

        Assert.Equal(April1, slot.Date);
        Assert.Equal(number, slot.Number);
    }

    [Fact]
    public void StartEnd_SlotOne_IsMidnightToHalfPastJst()
    {
        var slot = new Slot(April1, 1);

        Assert.Equal(JstAt(2026, 4, 1, 0, 0), slot.Start);
        Assert.Equal(JstAt(2026, 4, 1, 0, 30), slot.End);
        Assert.Equal(Jst.Offset, slot.Start.Offset);
        Assert.Equal(Jst.Offset, slot.End.Offset);
    }

    [Fact]
    public void StartEnd_SlotFortyEight_Is2330ToNextMidnight()
    {
        var slot = new Slot(April1, 48);

        Assert.Equal(JstAt(2026, 4, 1, 23, 30), slot.Start);
        Assert.Equal(JstAt(2026, 4, 2, 0, 0), slot.End);
    }

    [Fact]
    public void Start_SlotOne_IsPreviousDay1500Utc()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 31, 15, 0, 0, TimeSpan.Zero), new Slot(April1, 1).Start);
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(2, 0, 30)]
    [InlineData(3, 1, 0)]
    [InlineData(25, 12, 0)]
    [InlineData(48, 23, 30)]
    public void Start_EverySlot_IsHalfHourSteps(int number, int hour, int minute)
    {
        Assert.Equal(JstAt(2026, 4, 1, hour, minute), new Slot(April1, number).Start);
        Assert.Equal(Slot.Length, new Slot(April1, number).End - new Slot(April1, number).Start);
    }

    [Fact]
    public void ParseEnd_HalfPastMidnightJst_IsSlotOne()
    {
        Assert.Equal(new Slot(April1, 1), Slot.ParseEnd("2026-04-01T00:30:00+09:00"));
    }

    [Fact]
    public void ParseEnd_MidnightJst_IsSlotFortyEightOfPreviousDay()
    {
        Assert.Equal(new Slot(new DateOnly(2026, 3, 31), 48), Slot.ParseEnd("2026-04-01T00:00:00+09:00"));
    }

    [Fact]
    public void ParseEnd_UtcZulu_IsConvertedToJst()
    {
        Assert.Equal(new Slot(April1, 1), Slot.ParseEnd("2026-03-31T15:30:00Z"));
    }

    [Fact]
    public void ParseEnd_OtherOffset_IsConvertedToJst()
    {
        Assert.Equal(new Slot(April1, 1), Slot.ParseEnd("2026-03-31T15:30:00+00:00"));
        Assert.Equal(new Slot(April1, 1), Slot.ParseEnd("2026-03-31T10:30:00-05:00"));
    }

    [Theory]
    [InlineData("2026-04-01T00:30+09:00")]
    [InlineData("2026-04-01T00:30:00.000+09:00")]
    [InlineData("2026-03-31T15:30:00.0Z")]
    public void ParseEnd_AcceptedIsoVariants_AreSlotOne(string text)
    {
        Assert.Equal(new Slot(April1, 1), Slot.ParseEnd(text));
    }

    [Theory]
    [InlineData("2026-04-01T00:31:00+09:00")]
    [InlineData("2026-04-01T00:30:01+09:00")]
    [InlineData("2026-04-01T00:30:00.001+09:00")]
    [InlineData("2026-04-01T00:15:00Z")]
    public void ParseEnd_NotOnBoundary_IsRejected(string text)
    {
        var ex = Assert.Throws<DomainFormatException>(() => Slot.ParseEnd(text));

        Assert.Contains("not on a 30-minute boundary", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-04-01T00:30:00")]
    [InlineData("2026-04-01T00:30")]
    [InlineData("2026-04-01")]
    public void ParseEnd_NoOffset_IsRejected(string text)
    {
        var ex = Assert.Throws<DomainFormatException>(() => Slot.ParseEnd(text));

        Assert.Contains("no UTC offset", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ParseEnd_Empty_IsRejected(string text)
    {
        var ex = Assert.Throws<DomainFormatException>(() => Slot.ParseEnd(text));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-13-01T00:30:00+09:00")]
    [InlineData("2026-04-01T25:30:00+09:00")]
    [InlineData("yesterday T+09:00")]
    [InlineData("2026/04/01T00:30:00+09:00")]
    public void ParseEnd_NotIso_IsRejected(string text)
    {
        var ex = Assert.Throws<DomainFormatException>(() => Slot.ParseEnd(text));

        Assert.Contains("not an ISO 8601 date-time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseEnd_Null_ReturnsFalse()
    {
        Assert.False(Slot.TryParseEnd(null, out _, out var error));
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EndingAt_SlotEnd_IsThatSlot()
    {
        var slot = new Slot(April1, 17);

        Assert.Equal(slot, Slot.EndingAt(slot.End));
        Assert.True(Slot.IsBoundary(slot.End));
        Assert.False(Slot.IsBoundary(slot.End.AddSeconds(1)));
    }

    [Theory]
    [InlineData(2026, 3, 31, 2026, 4, 1)]
    [InlineData(2026, 4, 30, 2026, 5, 1)]
    [InlineData(2026, 12, 31, 2027, 1, 1)]
    [InlineData(2028, 2, 28, 2028, 2, 29)]
    [InlineData(2028, 2, 29, 2028, 3, 1)]
    [InlineData(2027, 2, 28, 2027, 3, 1)]
    public void Next_LastSlotOfDay_IsFirstSlotOfNextDay(int y, int m, int d, int ny, int nm, int nd)
    {
        var last = new Slot(new DateOnly(y, m, d), 48);
        var first = new Slot(new DateOnly(ny, nm, nd), 1);

        Assert.Equal(first, last.Next());
        Assert.Equal(last, first.Previous());
        Assert.Equal(last.End, first.Start);
    }

    [Fact]
    public void NextPrevious_WithinDay_StepByOne()
    {
        var slot = new Slot(April1, 10);

        Assert.Equal(new Slot(April1, 11), slot.Next());
        Assert.Equal(new Slot(April1, 9), slot.Previous());
    }

    [Fact]
    public void Index_ConsecutiveSlots_DifferByOne()
    {
        var slot = new Slot(new DateOnly(2026, 12, 31), 48);

        Assert.Equal(slot.Index + 1, slot.Next().Index);
        Assert.Equal(slot, Slot.FromIndex(slot.Index));
        Assert.Equal(0, new Slot(DateOnly.MinValue, 1).Index);
    }

    [Theory]
    [InlineData(2026, 4, 1, 0, 0, 1)]
    [InlineData(2026, 4, 1, 0, 29, 1)]
    [InlineData(2026, 4, 1, 0, 30, 2)]
    [InlineData(2026, 4, 1, 23, 59, 48)]
    public void Containing_InstantInSlot_IsThatSlot(int y, int m, int d, int hour, int minute, int number)
    {
        Assert.Equal(new Slot(new DateOnly(y, m, d), number), Slot.Containing(JstAt(y, m, d, hour, minute)));
    }

    [Fact]
    public void Containing_UtcInstant_UsesJstDate()
    {
        var utc = new DateTimeOffset(2026, 3, 31, 15, 0, 0, TimeSpan.Zero);

        Assert.Equal(new Slot(April1, 1), Slot.Containing(utc));
    }

    [Fact]
    public void Compare_LaterSlot_IsGreater()
    {
        var a = new Slot(April1, 48);
        var b = new Slot(April1.AddDays(1), 1);

        Assert.True(a < b);
        Assert.True(b > a);
        Assert.True(a <= new Slot(April1, 48));
        Assert.True(b >= a);
        Assert.True(a.CompareTo(b) < 0);
    }

    [Fact]
    public void ToString_Slot_ShowsDateAndNumber()
    {
        Assert.Equal("2026-04-01 slot 7", new Slot(April1, 7).ToString());
    }

    [Property(Arbitrary = [typeof(SlotArbitraries)])]
    public bool NextPrevious_AnySlot_AreInverse(Slot slot) =>
        slot.Next().Previous() == slot && slot.Previous().Next() == slot;

    [Property(Arbitrary = [typeof(SlotArbitraries)])]
    public bool FromIndex_AnySlot_RoundTripsIndex(Slot slot) =>
        Slot.FromIndex(slot.Index) == slot && Slot.FromIndex(slot.Index).Index == slot.Index;

    [Property(Arbitrary = [typeof(SlotArbitraries)])]
    public bool EndingAt_AnySlotEnd_IsThatSlot(Slot slot) =>
        Slot.EndingAt(slot.End) == slot && Slot.Containing(slot.Start) == slot && Slot.ParseEnd(slot.End.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)) == slot;
}

public static class SlotArbitraries
{
    /// <summary>Any slot from 1900 to 2199 (away from DateOnly's ends, where Next/Previous cannot go).</summary>
    public static Arbitrary<Slot> Slots() =>
        Gen.Choose(new DateOnly(1900, 1, 1).DayNumber, new DateOnly(2199, 12, 31).DayNumber)
            .Zip(Gen.Choose(1, Slot.PerDay), (day, number) => new Slot(DateOnly.FromDayNumber(day), number))
            .ToArbitrary();
}
