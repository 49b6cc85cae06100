namespace Renkei.Switching.Applications.Validation.Characters;

/// <summary>
/// SW105: a number a retailer gives (お客様番号, 契約番号) is half-width letters, digits and hyphens; a market
/// participant code (小売事業者コード) is five half-width upper-case letters or digits.
/// </summary>
internal sealed class NumberShapeRule : IRule<ITextItems>
{
    public const string ErrorCode = "SW105";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(ITextItems check)
    {
        foreach (var item in CharacterRules.Encodable(check, ItemShape.Number, ItemShape.ParticipantCode))
        {
            var value = item.Value!.AsSpan();
            if (item.Shape == ItemShape.Number && value.IndexOfAnyExcept(NumberCharacters) >= 0)
            {
                yield return new RuleViolation(Code, item.Field, $"{item.Field} must be half-width letters, digits and hyphens", $"{item.NameJa}は半角英数字とハイフンで入力してください");
            }
            else if (item.Shape == ItemShape.ParticipantCode && (value.Length != 5 || value.IndexOfAnyExcept(CodeCharacters) >= 0))
            {
                yield return new RuleViolation(Code, item.Field, $"{item.Field} must be 5 half-width upper-case letters or digits", $"{item.NameJa}は半角英大文字・数字5桁で入力してください");
            }
        }
    }

    private static readonly System.Buffers.SearchValues<char> NumberCharacters = System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-");

    private static readonly System.Buffers.SearchValues<char> CodeCharacters = System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
}
