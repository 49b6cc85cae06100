namespace Renkei.Switching.Applications.Validation.Characters;

/// <summary>SW103: a postal code (郵便番号) is seven half-width digits, <c>NNNNNNN</c> or <c>NNN-NNNN</c>.</summary>
internal sealed class PostalCodeRule : IRule<ITextItems>
{
    public const string ErrorCode = "SW103";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(ITextItems check)
    {
        foreach (var item in CharacterRules.Encodable(check, ItemShape.PostalCode))
        {
            if (!Holds(item.Value!))
            {
                yield return new RuleViolation(Code, item.Field, $"{item.Field} must be 7 half-width digits (NNNNNNN or NNN-NNNN)", $"{item.NameJa}は半角数字7桁（NNN-NNNN）で入力してください");
            }
        }
    }

    internal static bool Holds(string value) => value.Length switch
    {
        7 => Digits(value.AsSpan()),
        8 => value[3] == '-' && Digits(value.AsSpan(0, 3)) && Digits(value.AsSpan(4)),
        _ => false,
    };

    private static bool Digits(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');
}
