using Renkei.Domain.Identifiers;
using Renkei.Switching.Applications;
using Renkei.Switching.Applications.IF_10810_CustomerDetails;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;
using Renkei.Switching.Model;

namespace Renkei.Switching.Tests.Applications.IF_10810_CustomerDetails;

/// <summary>The customer-details rules on their own, over facts built in memory (no store).</summary>
public sealed class CustomerDetailsRulesTests
{
    private const string Point = "0300000000000000000001";
    private static readonly DateOnly Today = new(2026, 11, 27);
    private static readonly CustomerDetailsRequest Complete = new(Point, "C-0001", "山田太郎", "ヤマダタロウ", "東京都千代田区丸の内1-1", "03-0000-0000");

    [Fact]
    public void CurrentRetailer_EveryItemGiven_Holds()
    {
        Assert.Empty(Codes(Check("R0001", Complete)));
    }

    [Fact]
    public void CurrentRetailer_OptionalItemsAbsent_Holds()
    {
        Assert.Empty(Codes(Check("R0001", Complete with { NameKana = null, Phone = " " })));
    }

    [Fact]
    public void AnotherRetailer_FailsCurrentRetailerRule()
    {
        Assert.Equal([CurrentRetailerRule.ErrorCode], Codes(Check("R0002", Complete)));
    }

    [Theory]
    [InlineData("customerNumber")]
    [InlineData("name")]
    [InlineData("address")]
    public void RequiredItemMissing_FailsCustomerFieldsRule(string field)
    {
        Assert.Equal([(CustomerFieldsRule.ErrorCode, field)], Fields(Check("R0001", With(field, null))));
        Assert.Equal([(CustomerFieldsRule.ErrorCode, field)], Fields(Check("R0001", With(field, "  "))));
    }

    [Theory]
    [InlineData("customerNumber", 'K', 21)]
    [InlineData("name", 'あ', 80)]
    [InlineData("nameKana", 'ア', 80)]
    [InlineData("address", 'あ', 400)]
    public void ItemLongerThanItsMs932Bytes_FailsLengthRule(string field, char filler, int maxBytes)
    {
        var perChar = filler < 0x80 ? 1 : 2;
        Assert.Empty(Codes(Check("R0001", With(field, new string(filler, maxBytes / perChar)))));
        Assert.Equal([(Ms932LengthRule.ErrorCode, field)], Fields(Check("R0001", With(field, new string(filler, (maxBytes / perChar) + 1)))));
    }

    [Fact]
    public void NameOutsideMs932_FailsCharacterRule()
    {
        Assert.Equal([(Ms932CharacterRule.ErrorCode, "name")], Fields(Check("R0001", Complete with { Name = "𠮷田太郎" })));
    }

    [Fact]
    public void KanaNameInHiragana_FailsKatakanaRule()
    {
        Assert.Equal([(KatakanaRule.ErrorCode, "nameKana")], Fields(Check("R0001", Complete with { NameKana = "やまだたろう" })));
    }

    [Fact]
    public void PhoneNotAPhoneNumber_FailsPhoneShapeRule()
    {
        Assert.Equal([(PhoneShapeRule.ErrorCode, "phone")], Fields(Check("R0001", Complete with { Phone = "0300000000000" })));
    }

    private static CustomerDetailsRequest With(string field, string? value) => field switch
    {
        "customerNumber" => Complete with { CustomerNumber = value },
        "name" => Complete with { Name = value },
        "nameKana" => Complete with { NameKana = value },
        "address" => Complete with { Address = value },
        "phone" => Complete with { Phone = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not an item of the request"),
    };

    private static List<string> Codes(CustomerDetailsCheck check) => PointFactsReader.Evaluate(CustomerDetailsRules.All, check).ConvertAll(e => e.Code);

    private static List<(string, string)> Fields(CustomerDetailsCheck check) =>
        PointFactsReader.Evaluate(CustomerDetailsRules.All, check).ConvertAll(e => (e.Code, e.Field));

    private static CustomerDetailsCheck Check(string caller, CustomerDetailsRequest request) => new()
    {
        Caller = caller,
        Request = request,
        Point = new PointState(SupplyPointId.Parse(Point), null, true, new PointFacts
        {
            Point = new SupplyPoint { Id = Point, Area = 3, Address = "東京都千代田区丸の内1-1" },
            OpenContract = new WheelingContract { Id = 1, SupplyPointId = Point, RetailerCode = "R0001", StartDate = new DateOnly(2024, 4, 1) },
        }, Today),
    };
}
