using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tests.Applications.IF_10710_SwitchOut;

/// <summary>The switch-out rules on their own, over facts built in memory (no store).</summary>
public sealed class SwitchOutRulesTests
{
    private const string Point = "0300000000000000000001";
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly DateOnly Dec15 = new(2026, 12, 15);

    [Fact]
    public void CurrentRetailer_FutureDate_Holds()
    {
        Assert.Empty(Codes(Check("R0001", Dec15)));
    }

    [Fact]
    public void AnotherRetailer_FailsCurrentRetailerRule()
    {
        Assert.Equal([CurrentRetailerRule.ErrorCode], Codes(Check("R0002", Dec15)));
    }

    [Fact]
    public void PastOrMissingDate_FailsSwitchOutDateRule()
    {
        Assert.Equal([SwitchOutDateRule.ErrorCode], Codes(Check("R0001", Today.AddDays(-1))));
        Assert.Equal([SwitchOutDateRule.ErrorCode], Codes(Check("R0001", null)));
    }

    [Fact]
    public void AnotherSwitchOutOpen_FailsCompetingSwitchOutRule()
    {
        var other = new Application { Kind = ApplicationKinds.SwitchOut, RetailerCode = "R0001", SupplyPointId = Point, Number = "A000000000001" };

        Assert.Equal([CompetingSwitchOutRule.ErrorCode], Codes(Check("R0001", Dec15, [other])));
    }

    private static List<string> Codes(SwitchOutCheck check) => PointFactsReader.Evaluate(SwitchOutRules.All, check).ConvertAll(e => e.Code);

    private static SwitchOutCheck Check(string caller, DateOnly? date, IReadOnlyList<Application>? applications = null) => new()
    {
        Caller = caller,
        Request = new SwitchOutRequest(Point, date, null),
        Point = new PointState(SupplyPointId.Parse(Point), null, true, new PointFacts
        {
            Point = new SupplyPoint { Id = Point, Area = 3, Address = "東京都千代田区丸の内1-1" },
            OpenContract = new WheelingContract { Id = 1, SupplyPointId = Point, RetailerCode = "R0001", StartDate = new DateOnly(2024, 4, 1) },
            OpenApplications = applications ?? [],
        }, Today),
    };
}
