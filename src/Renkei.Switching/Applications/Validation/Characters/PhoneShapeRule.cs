namespace Renkei.Switching.Applications.Validation.Characters;

/// <summary>
/// SW104: a phone part has its shape (市外局番 2–5 digits starting with 0, 市内局番 1–4 digits, 加入者番号 4 digits); a
/// whole phone number is 10 or 11 digits starting with 0, hyphens allowed between them.
/// </summary>
internal sealed class PhoneShapeRule : IRule<ITextItems>
{
    public const string ErrorCode = "SW104";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(ITextItems check)
    {
        foreach (var item in CharacterRules.Encodable(check, ItemShape.PhoneAreaCode, ItemShape.PhoneLocalCode, ItemShape.PhoneSubscriber, ItemShape.PhoneNumber))
        {
            var value = item.Value!;
            var (holds, en, ja) = item.Shape switch
            {
                ItemShape.PhoneAreaCode => (Digits(value, 2, 5) && value[0] == '0', "2 to 5 half-width digits starting with 0", "0で始まる半角数字2〜5桁"),
                ItemShape.PhoneLocalCode => (Digits(value, 1, 4), "1 to 4 half-width digits", "半角数字1〜4桁"),
                ItemShape.PhoneSubscriber => (Digits(value, 4, 4), "4 half-width digits", "半角数字4桁"),
                _ => (WholeNumber(value), "10 or 11 half-width digits starting with 0 (hyphens allowed)", "0で始まる半角数字10〜11桁（ハイフン可）"),
            };
            if (!holds)
            {
                yield return new RuleViolation(Code, item.Field, $"{item.Field} must be {en}", $"{item.NameJa}は{ja}で入力してください");
            }
        }
    }

    private static bool Digits(string value, int min, int max) => value.Length >= min && value.Length <= max && !value.AsSpan().ContainsAnyExceptInRange('0', '9');

    private static bool WholeNumber(string value)
    {
        var digits = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c != '-' || i == 0 || i == value.Length - 1 || value[i - 1] == '-')
            {
                return false;
            }
        }

        return value[0] == '0' && digits is 10 or 11;
    }
}
