namespace Renkei.Switching.Applications.Validation.Characters;

/// <summary>SW102: a kana item (カナ氏名) is full-width katakana, the full-width space and the long-vowel mark ー only.</summary>
internal sealed class KatakanaRule : IRule<ITextItems>
{
    public const string ErrorCode = "SW102";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(ITextItems check)
    {
        foreach (var item in CharacterRules.Encodable(check, ItemShape.Kana))
        {
            var value = item.Value!;
            var bad = value.AsSpan().IndexOfAnyExcept(Allowed);
            if (bad >= 0)
            {
                yield return new RuleViolation(
                    Code,
                    item.Field,
                    $"{item.Field} has '{value[bad]}' at position {bad + 1}; only full-width katakana, the full-width space and ー are allowed",
                    $"{item.NameJa}は全角カタカナ（全角スペース・長音「ー」を含む）で入力してください（「{value[bad]}」は使用できません）");
            }
        }
    }

    /// <summary>ァ (U+30A1) to ヶ (U+30F6), ー (U+30FC), the full-width space (U+3000).</summary>
    private static readonly System.Buffers.SearchValues<char> Allowed = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0x30A1, 0x30F6 - 0x30A1 + 1).Select(c => (char)c)) + "ー\u3000");
}
