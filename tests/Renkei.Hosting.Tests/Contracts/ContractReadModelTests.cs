using Renkei.Domain.Identifiers;
using Renkei.Hosting.Contracts;

namespace Renkei.Hosting.Tests.Contracts;

public sealed class ContractReadModelTests : IDisposable
{
    private const string Point = "0310000000000000000001";
    private static readonly SupplyPointId PointId = SupplyPointId.Parse(Point);
    private static readonly RetailerCode Old = RetailerCode.Parse("A0001");
    private static readonly RetailerCode New = RetailerCode.Parse("B0002");
    private static readonly DateOnly Start = new(2026, 4, 1);
    private static readonly DateOnly SwitchDay = new(2026, 5, 1);

    private readonly ContractReadModel model = new();

    public void Dispose() => model.Dispose();

    /// <summary>Old holds the point from April; the switch to New on 1 May arrives as two feed items.</summary>
    private void ApplySwitch()
    {
        model.Apply([new ContractFeedItem(1, 10, Point, Old.Value, Start, null)], 1);
        model.Apply(
            [
                new ContractFeedItem(2, 10, Point, Old.Value, Start, SwitchDay),
                new ContractFeedItem(3, 11, Point, New.Value, SwitchDay, null),
            ],
            3);
    }

    [Theory]
    [InlineData("2026-03-31", false, false)]
    [InlineData("2026-04-01", true, false)]
    [InlineData("2026-04-30", true, false)]
    [InlineData("2026-05-01", false, true)]
    [InlineData("2026-05-02", false, true)]
    [InlineData("2030-01-01", false, true)]
    public void MayRead_AroundSwitch_OnlyTheHolderOfThatDay(string date, bool oldMay, bool newMay)
    {
        ApplySwitch();
        var d = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(oldMay, model.MayRead(Old, PointId, d));
        Assert.Equal(newMay, model.MayRead(New, PointId, d));
    }

    [Fact]
    public void MayRead_UnknownSupplyPoint_IsFalse()
    {
        ApplySwitch();

        Assert.False(model.MayRead(Old, SupplyPointId.Parse("0310000000000000000099"), Start));
    }

    [Fact]
    public void Apply_LaterUpdateOfSameContract_ReplacesEarlierState()
    {
        model.Apply([new ContractFeedItem(1, 10, Point, Old.Value, Start, null)], 1);
        Assert.True(model.MayRead(Old, PointId, SwitchDay.AddDays(10)));

        model.Apply([new ContractFeedItem(2, 10, Point, Old.Value, Start, SwitchDay)], 2);

        Assert.False(model.MayRead(Old, PointId, SwitchDay));
        Assert.False(model.MayRead(Old, PointId, SwitchDay.AddDays(10)));
        Assert.True(model.MayRead(Old, PointId, SwitchDay.AddDays(-1)));
    }

    [Fact]
    public void Apply_Pages_AdvancesCursorAndNeverMovesItBack()
    {
        ApplySwitch();
        Assert.Equal(3, model.Cursor);

        model.Apply([], 2);

        Assert.Equal(3, model.Cursor);
    }
    [Fact]
    public void HoldingsOf_AroundSwitch_EachRetailerHoldsThePointOnItsOwnDaysOnly()
    {
        ApplySwitch();
        model.Apply([new ContractFeedItem(4, 12, "0310000000000000000000", Old.Value, Start, null)], 4);

        var old = model.HoldingsOf(Old.Value);
        var @new = model.HoldingsOf(New.Value);

        Assert.Equal(["0310000000000000000000", Point], HeldOn(old, SwitchDay.AddDays(-1)));
        Assert.Equal(["0310000000000000000000"], HeldOn(old, SwitchDay));
        Assert.Equal([Point], HeldOn(@new, SwitchDay));
        Assert.Empty(HeldOn(@new, SwitchDay.AddDays(-1)));
        Assert.Equal(0, model.HoldingsOf("C0003").Count);
        Assert.Equal([Point], [.. model.PointsOf(New.Value, SwitchDay)]);
    }

    [Fact]
    public void HoldingsOf_SnapshotTakenBeforeAChange_StaysAsItWas_NextOneSeesTheChange()
    {
        ApplySwitch();
        var before = model.HoldingsOf(New.Value);

        model.Apply([new ContractFeedItem(4, 11, Point, New.Value, SwitchDay, SwitchDay.AddDays(5))], 4);
        var after = model.HoldingsOf(New.Value);

        Assert.Equal([Point], HeldOn(before, SwitchDay.AddDays(10)));
        Assert.Empty(HeldOn(after, SwitchDay.AddDays(10)));
    }

    private static List<string> HeldOn(ContractHoldings holdings, DateOnly date)
    {
        var points = new List<string>();
        foreach (var p in holdings.HeldOn(date))
        {
            points.Add(p);
        }

        return points;
    }

    [Fact]
    public void ReadingSchedule_TheLatestItemForThePointNamesIt()
    {
        model.Apply([new ContractFeedItem(1, 10, Point, Old.Value, Start, null, "05")], 1);
        Assert.Equal("05", model.ReadingScheduleOf(Point));

        // The switch's items carry the point's schedule as it is now (the TSO moved it to 07).
        model.Apply(
            [
                new ContractFeedItem(2, 10, Point, Old.Value, Start, SwitchDay, "07"),
                new ContractFeedItem(3, 11, Point, New.Value, SwitchDay, null, "07"),
            ],
            3);
        Assert.Equal("07", model.ReadingScheduleOf(Point));
        Assert.Null(model.ReadingScheduleOf("0310000000000000000099"));

        model.Apply([new ContractFeedItem(4, 11, Point, New.Value, SwitchDay, null)], 4);
        Assert.Null(model.ReadingScheduleOf(Point));
    }
}
