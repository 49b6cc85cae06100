using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tests.Applications.IS_20110_CancellationRelay;

/// <summary>The 廃止取次 registration rules on their own, over facts built in memory (no store).</summary>
public sealed class RelayRegistrationRulesTests
{
    private const string Point = "0300000000000000000001";
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly DateOnly Earliest = new(2026, 12, 3);
    private static readonly RelayRegistrationRequest Complete =
        new(Point, "K-0001", "山田太郎", "ヤマダタロウ", "東京都千代田区丸の内1-1", Earliest, "担当 佐藤", "03-0000-0000");

    [Fact]
    public void AnotherRetailersPoint_EveryItemGiven_Holds()
    {
        Assert.Empty(Codes(Check(Complete, Facts(open: "R0001"))));
    }

    [Fact]
    public void UnknownPoint_FailsSupplyPointExistsRule()
    {
        Assert.Equal([SupplyPointExistsRule.ErrorCode], Codes(Check(Complete, new PointFacts())));
    }

    [Fact]
    public void PointWithoutContract_FailsCurrentContractRule()
    {
        Assert.Equal([CurrentContractRule.ErrorCode], Codes(Check(Complete, Facts(open: null))));
    }

    [Fact]
    public void CallerAlreadySupplies_FailsAlreadySupplierRule()
    {
        Assert.Equal([AlreadySupplierRule.ErrorCode], Codes(Check(Complete, Facts(open: "R0002"))));
    }

    [Fact]
    public void SwitchInInProgress_FailsCompetingApplicationRule()
    {
        var other = new Application { Kind = ApplicationKinds.SwitchIn, RetailerCode = "R0003", SupplyPointId = Point, Number = "A000000000001" };

        Assert.Equal([CompetingApplicationRule.ErrorCode], Codes(Check(Complete, Facts(open: "R0001", applications: [other]))));
    }

    [Fact]
    public void AnotherRetailersRelayInProgress_FailsCompetingApplicationRule()
    {
        var relay = new CancellationRelay
        {
            Number = "C000000000001",
            SupplyPointId = Point,
            NewRetailerCode = "R0003",
            CurrentRetailerCode = "R0001",
            ContractNumber = "K-0009",
            HolderName = "山田太郎",
            Address = "東京都千代田区丸の内1-1",
        };

        Assert.Equal([CompetingApplicationRule.ErrorCode], Codes(Check(Complete, Facts(open: "R0001", relays: [relay]))));
    }

    [Theory]
    [InlineData("contractNumber")]
    [InlineData("holderName")]
    [InlineData("address")]
    [InlineData("wishedDate")]
    public void RequiredItemMissing_FailsRelayRequiredFieldsRule(string field)
    {
        var request = field switch
        {
            "contractNumber" => Complete with { ContractNumber = null },
            "holderName" => Complete with { HolderName = " " },
            "address" => Complete with { Address = string.Empty },
            "wishedDate" => Complete with { WishedDate = null },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not an item of the request"),
        };

        Assert.Equal([(RelayRequiredFieldsRule.ErrorCode, field)], Fields(Check(request, Facts(open: "R0001"))));
    }

    [Theory]
    [InlineData("contractNumber", 'K', 21)]
    [InlineData("holderName", 'あ', 40)]
    [InlineData("address", 'あ', 200)]
    public void ItemLongerThanItsMs932Bytes_FailsLengthRule(string field, char filler, int count)
    {
        RelayRegistrationRequest With(string text) => field switch
        {
            "contractNumber" => Complete with { ContractNumber = text },
            "holderName" => Complete with { HolderName = text },
            _ => Complete with { Address = text },
        };

        Assert.Empty(Codes(Check(With(new string(filler, count)), Facts(open: "R0001"))));
        Assert.Equal([(Ms932LengthRule.ErrorCode, field)], Fields(Check(With(new string(filler, count + 1)), Facts(open: "R0001"))));
    }

    [Fact]
    public void HolderNameOutsideMs932_FailsCharacterRuleNamingTheCharacter()
    {
        var error = Assert.Single(PointFactsReader.Evaluate(RelayRegistrationRules.All, Check(Complete with { HolderName = "𠮷野家" }, Facts(open: "R0001"))));

        Assert.Equal((Ms932CharacterRule.ErrorCode, "holderName"), (error.Code, error.Field));
        Assert.Contains("𠮷", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WishedDateBeforeTheEarliest_FailsRelayWishedDateRule()
    {
        var request = Complete with { WishedDate = Earliest.AddDays(-1) };

        Assert.Equal([(RelayWishedDateRule.ErrorCode, "wishedDate")], Fields(Check(request, Facts(open: "R0001"))));
    }

    [Fact]
    public void WishedDateOutsideTheCalendar_FailsRelayWishedDateRule()
    {
        Assert.Equal([(RelayWishedDateRule.ErrorCode, "wishedDate")], Fields(Check(Complete, Facts(open: "R0001"), outsideCalendar: true)));
    }

    private static List<string> Codes(RelayRegistrationCheck check) => PointFactsReader.Evaluate(RelayRegistrationRules.All, check).ConvertAll(e => e.Code);

    private static List<(string, string)> Fields(RelayRegistrationCheck check) =>
        PointFactsReader.Evaluate(RelayRegistrationRules.All, check).ConvertAll(e => (e.Code, e.Field));

    private static RelayRegistrationCheck Check(RelayRegistrationRequest request, PointFacts facts, bool outsideCalendar = false) => new()
    {
        Caller = "R0002",
        Request = request,
        Point = new PointState(SupplyPointId.Parse(Point), null, true, facts, Today),
        Earliest = Earliest,
        DateOutsideCalendar = outsideCalendar,
    };

    private static PointFacts Facts(string? open, IReadOnlyList<Application>? applications = null, IReadOnlyList<CancellationRelay>? relays = null) => new()
    {
        Point = new SupplyPoint { Id = Point, Area = 3, Address = "東京都千代田区丸の内1-1" },
        OpenContract = open is null ? null : new WheelingContract { Id = 1, SupplyPointId = Point, RetailerCode = open, StartDate = new DateOnly(2024, 4, 1) },
        OpenApplications = applications ?? [],
        OpenRelays = relays ?? [],
    };
}
