using System.Globalization;
using System.Text;
using Renkei.Formats.Text;

namespace Renkei.Switching.Applications.Validation.Characters;

/// <summary>SW101: every character of a text item is one MS932 can encode (not 𠮷, not an emoji); the answer names the field and the character.</summary>
internal sealed class Ms932CharacterRule : IRule<ITextItems>
{
    public const string ErrorCode = "SW101";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(ITextItems check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var item in check.TextItems)
        {
            if (item.Given && !Ms932.TryCount(item.Value, out _, out var rune))
            {
                var shown = Rune.IsControl(rune) || rune == Rune.ReplacementChar ? string.Empty : $"'{rune}' ";
                yield return new RuleViolation(
                    Code,
                    item.Field,
                    string.Create(CultureInfo.InvariantCulture, $"{item.Field} contains {shown}(U+{rune.Value:X4}), a character outside MS932 (Shift_JIS)"),
                    string.Create(CultureInfo.InvariantCulture, $"{item.NameJa}に使用できない文字 {shown}(U+{rune.Value:X4}) が含まれています（Shift_JIS（MS932）の範囲外）"));
            }
        }
    }
}
