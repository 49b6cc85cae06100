using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tests.Applications.IF_10610_SwitchIn;

/// <summary>The switch-in rules on their own, over facts built in memory (no store).</summary>
public sealed class SwitchInRulesTests
{
    private const string Point = "0300000000000000000001";
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly DateOnly Dec15 = new(2026, 12, 15);

    [Fact]
    public void PlainSwitchIn_OnAnotherRetailersPoint_Holds()
    {
        Assert.Empty(Evaluate(Check("R0002", Facts(open: "R0001"), Dec15)));
    }

    [Fact]
    public void PointWithoutContract_FailsCurrentContractRule()
    {
        Assert.Equal([CurrentContractRule.ErrorCode], Codes(Check("R0002", Facts(open: null), Dec15)));
    }

    [Fact]
    public void CallerAlreadySupplies_FailsAlreadySupplierRule()
    {
        Assert.Equal([AlreadySupplierRule.ErrorCode], Codes(Check("R0001", Facts(open: "R0001"), Dec15)));
    }

    [Fact]
    public void AnotherSwitchInOpen_FailsCompetingApplicationRule()
    {
        var other = new Application { Kind = ApplicationKinds.SwitchIn, RetailerCode = "R0003", SupplyPointId = Point, Number = "A000000000001" };

        Assert.Equal([CompetingApplicationRule.ErrorCode], Codes(Check("R0002", Facts(open: "R0001", applications: [other]), Dec15)));
    }

    [Fact]
    public void DateBeforeEarliest_FailsSwitchDateRule()
    {
        Assert.Equal([SwitchDateRule.ErrorCode], Codes(Check("R0002", Facts(open: "R0001"), Today.AddDays(1), earliest: Dec15)));
    }

    [Fact]
    public void UnknownRelayNumber_FailsRelayRule()
    {
        var check = Check("R0002", Facts(open: "R0001"), Dec15, relayNumber: "R000000000009");

        Assert.Equal([RelayRule.ErrorCode], Codes(check));
    }

    [Fact]
    public void MalformedPoint_FailsOnlyTheFormatRule()
    {
        var state = new PointState(null, "supply point ID must be 22 digits", true, new PointFacts(), Today);
        var check = new SwitchInCheck { Caller = "R0002", Request = new SwitchInRequest("12", Dec15, null), Point = state };

        Assert.Equal([SupplyPointIdFormatRule.ErrorCode], Codes(check));
    }

    private static SwitchInCheck Check(string caller, PointFacts facts, DateOnly date, DateOnly? earliest = null, string? relayNumber = null) => new()
    {
        Caller = caller,
        Request = new SwitchInRequest(Point, date, relayNumber),
        Point = new PointState(SupplyPointId.Parse(Point), null, true, facts, Today),
        Earliest = earliest ?? Today.AddDays(4),
        SwitchDate = date,
    };

    private static PointFacts Facts(string? open, IReadOnlyList<Application>? applications = null) => new()
    {
        Point = new SupplyPoint { Id = Point, Area = 3, Address = "東京都千代田区丸の内1-1" },
        OpenContract = open is null ? null : new WheelingContract { Id = 1, SupplyPointId = Point, RetailerCode = open, StartDate = new DateOnly(2024, 4, 1) },
        OpenApplications = applications ?? [],
    };

    private static List<RuleViolation> Evaluate(SwitchInCheck check) => PointFactsReader.Evaluate(SwitchInRules.All, check);

    private static List<string> Codes(SwitchInCheck check) => Evaluate(check).ConvertAll(e => e.Code);
}
