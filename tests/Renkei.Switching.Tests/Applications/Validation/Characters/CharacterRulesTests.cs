using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation.Characters;

namespace Renkei.Switching.Tests.Applications.Validation.Characters;

/// <summary>The market's character rules (SW100–SW105) on single items.</summary>
public sealed class CharacterRulesTests
{
    [Fact]
    public void FortyKanjiName_FitsEightyBytes()
    {
        Assert.Empty(Errors(new TextItem("name", new string('漢', 40), "漢字氏名", ItemShape.Text, 80)));
    }

    [Fact]
    public void FortyOneKanjiName_FailsMs932LengthRule()
    {
        var error = Assert.Single(Errors(new TextItem("name", new string('漢', 41), "漢字氏名", ItemShape.Text, 80)));

        Assert.Equal((Ms932LengthRule.ErrorCode, "name"), (error.Code, error.Field));
        Assert.Contains("82 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("80バイト以内", error.MessageJa, StringComparison.Ordinal);
    }

    [Fact]
    public void HalfWidthCharacters_CountOneByteEach()
    {
        Assert.Empty(Errors(new TextItem("name", new string('A', 80), "漢字氏名", ItemShape.Text, 80)));
        Assert.Equal([Ms932LengthRule.ErrorCode], Codes(new TextItem("name", new string('A', 79) + "あ", "漢字氏名", ItemShape.Text, 80)));
    }

    [Theory]
    [InlineData("吉田𠮷男", "𠮷", "U+20BB7")]
    [InlineData("山田😀", "😀", "U+1F600")]
    public void CharacterOutsideMs932_FailsNamingFieldAndCharacter(string value, string character, string codePoint)
    {
        var error = Assert.Single(Errors(new TextItem("name", value, "漢字氏名", ItemShape.Text, 80)));

        Assert.Equal((Ms932CharacterRule.ErrorCode, "name"), (error.Code, error.Field));
        Assert.Contains($"'{character}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(codePoint, error.Message, StringComparison.Ordinal);
        Assert.Contains("漢字氏名", error.MessageJa, StringComparison.Ordinal);
        Assert.Contains(character, error.MessageJa, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ヤマダ　タロウ")]
    [InlineData("ヴォーカル")]
    [InlineData("ケーヶ")]
    public void FullWidthKatakana_HoldsKatakanaRule(string value)
    {
        Assert.Empty(Errors(new TextItem("nameKana", value, "カナ氏名", ItemShape.Kana, 80)));
    }

    [Theory]
    [InlineData("やまだ", 'や')]
    [InlineData("ﾔﾏﾀﾞ", 'ﾔ')]
    [InlineData("ヤマダ タロウ", ' ')]
    [InlineData("山田", '山')]
    [InlineData("ヤマダ1", '1')]
    public void AnythingButFullWidthKatakana_FailsKatakanaRule(string value, char bad)
    {
        var error = Assert.Single(Errors(new TextItem("nameKana", value, "カナ氏名", ItemShape.Kana, 80)));

        Assert.Equal((KatakanaRule.ErrorCode, "nameKana"), (error.Code, error.Field));
        Assert.Contains($"'{bad}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1000005", true)]
    [InlineData("100-0005", true)]
    [InlineData("100-005", false)]
    [InlineData("１０００００５", false)]
    [InlineData("1000-005", false)]
    [InlineData("10000050", false)]
    public void PostalCode_IsSevenDigits(string value, bool holds)
    {
        Assert.Equal(holds ? [] : [PostalCodeRule.ErrorCode], Codes(new TextItem("postalCode", value, "郵便番号", ItemShape.PostalCode, 8)));
    }

    [Theory]
    [InlineData(nameof(ItemShape.PhoneAreaCode), "03", true)]
    [InlineData(nameof(ItemShape.PhoneAreaCode), "01456", true)]
    [InlineData(nameof(ItemShape.PhoneAreaCode), "3", false)]
    [InlineData(nameof(ItemShape.PhoneAreaCode), "33", false)]
    [InlineData(nameof(ItemShape.PhoneAreaCode), "014567", false)]
    [InlineData(nameof(ItemShape.PhoneLocalCode), "1234", true)]
    [InlineData(nameof(ItemShape.PhoneLocalCode), "12345", false)]
    [InlineData(nameof(ItemShape.PhoneLocalCode), "12a", false)]
    [InlineData(nameof(ItemShape.PhoneSubscriber), "5678", true)]
    [InlineData(nameof(ItemShape.PhoneSubscriber), "567", false)]
    [InlineData(nameof(ItemShape.PhoneSubscriber), "５６７８", false)]
    [InlineData(nameof(ItemShape.PhoneNumber), "03-1234-5678", true)]
    [InlineData(nameof(ItemShape.PhoneNumber), "09012345678", true)]
    [InlineData(nameof(ItemShape.PhoneNumber), "3-1234-5678", false)]
    [InlineData(nameof(ItemShape.PhoneNumber), "03--1234-5678", false)]
    [InlineData(nameof(ItemShape.PhoneNumber), "03-1234-567", false)]
    public void PhonePart_HasItsShape(string shape, string value, bool holds)
    {
        Assert.Equal(holds ? [] : [PhoneShapeRule.ErrorCode], Codes(new TextItem("phone", value, "電話番号", Enum.Parse<ItemShape>(shape), 13)));
    }

    [Theory]
    [InlineData(nameof(ItemShape.Number), "K-0001", true)]
    [InlineData(nameof(ItemShape.Number), "Ｋ0001", false)]
    [InlineData(nameof(ItemShape.Number), "K 0001", false)]
    [InlineData(nameof(ItemShape.ParticipantCode), "R0001", true)]
    [InlineData(nameof(ItemShape.ParticipantCode), "r0001", false)]
    [InlineData(nameof(ItemShape.ParticipantCode), "R001", false)]
    public void Number_HasItsShape(string shape, string value, bool holds)
    {
        Assert.Equal(holds ? [] : [NumberShapeRule.ErrorCode], Codes(new TextItem("customerNumber", value, "お客様番号", Enum.Parse<ItemShape>(shape), 21)));
    }

    [Fact]
    public void AbsentOptionalItem_IsNotChecked()
    {
        Assert.Empty(Errors(new TextItem("nameKana", null, "カナ氏名", ItemShape.Kana, 80), new TextItem("phone", " ", "電話番号", ItemShape.PhoneNumber, 13)));
    }

    [Fact]
    public void EveryRule_HasItsOwnCode()
    {
        var codes = CharacterRules.All.Select(r => r.Code).ToList();

        Assert.Equal(codes.Distinct().Count(), codes.Count);
    }

    private static List<string> Codes(params TextItem[] items) => Errors(items).ConvertAll(e => e.Code);

    private static List<RuleViolation> Errors(params TextItem[] items) => PointFactsReader.Evaluate(CharacterRules.All, new Items(items));

    private sealed class Items(TextItem[] items) : ITextItems
    {
        public IEnumerable<TextItem> TextItems => items;
    }
}
