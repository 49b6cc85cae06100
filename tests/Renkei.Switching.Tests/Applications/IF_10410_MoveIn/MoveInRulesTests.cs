using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10410_MoveIn;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Tests.Support;

namespace Renkei.Switching.Tests.Applications.IF_10410_MoveIn;

/// <summary>The move-in rules on their own, over facts built in memory (no store).</summary>
public sealed class MoveInRulesTests
{
    private const string Point = "0300000000000000000003";
    private static readonly DateOnly Today = new(2026, 11, 27);

    [Fact]
    public void VacantPoint_BackDatedWithinLimit_Holds()
    {
        Assert.Empty(Codes(Check(Today.AddDays(-MoveInRules.MaxBackDays), supplied: false)));
    }

    [Fact]
    public void SuppliedPoint_FailsVacantPointRule()
    {
        Assert.Equal([VacantPointRule.ErrorCode], Codes(Check(Today, supplied: true)));
    }

    [Fact]
    public void TooFarBackTooFarAheadOrBeforeLastEnd_FailMoveInDateRule()
    {
        Assert.Equal([MoveInDateRule.ErrorCode], Codes(Check(Today.AddDays(-MoveInRules.MaxBackDays - 1), supplied: false)));
        Assert.Equal([MoveInDateRule.ErrorCode], Codes(Check(Today.AddDays(61), supplied: false)));
        Assert.Equal([MoveInDateRule.ErrorCode], Codes(Check(Today.AddDays(-3), supplied: false, lastEnd: Today)));
    }

    private static List<string> Codes(MoveInCheck check) => PointFactsReader.Evaluate(MoveInRules.All, check).ConvertAll(e => e.Code);

    private static MoveInCheck Check(DateOnly start, bool supplied, DateOnly? lastEnd = null) => new()
    {
        Caller = "R0002",
        Request = new MoveInRequest(Point, start, Contents.MoveIn),
        LastEnd = lastEnd,
        Point = new PointState(SupplyPointId.Parse(Point), null, true, new PointFacts
        {
            Point = new SupplyPoint { Id = Point, Area = 3, Address = "東京都千代田区丸の内1-3" },
            OpenContract = supplied ? new WheelingContract { Id = 1, SupplyPointId = Point, RetailerCode = "R0001", StartDate = new DateOnly(2024, 4, 1) } : null,
        }, Today),
    };
}
