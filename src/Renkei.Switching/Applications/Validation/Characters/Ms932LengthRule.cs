using System.Globalization;
using Renkei.Formats.Text;

namespace Renkei.Switching.Applications.Validation.Characters;

/// <summary>
/// SW100: a text, kana or number item is at most its length in MS932 bytes (a full-width character is two, a
/// half-width one); postal codes, phone parts and codes are bounded by their shapes (SW103–SW105).
/// </summary>
internal sealed class Ms932LengthRule : IRule<ITextItems>
{
    public const string ErrorCode = "SW100";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(ITextItems check)
    {
        foreach (var item in CharacterRules.Encodable(check, ItemShape.Text, ItemShape.Kana, ItemShape.Number))
        {
            Ms932.TryCount(item.Value, out var bytes, out _);
            if (bytes > item.MaxBytes)
            {
                yield return new RuleViolation(
                    Code,
                    item.Field,
                    string.Create(CultureInfo.InvariantCulture, $"{item.Field} is {bytes} bytes in MS932 (Shift_JIS); at most {item.MaxBytes} (a full-width character counts 2)"),
                    string.Create(CultureInfo.InvariantCulture, $"{item.NameJa}は{item.MaxBytes}バイト以内（全角{item.MaxBytes / 2}文字以内）で入力してください（{bytes}バイト）"));
            }
        }
    }
}
