using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Renkei.Domain.Identifiers;

/// <summary>
/// Validation shared by the market's five-character sender and receiver codes
/// (小売電気事業者コード, 一般送配電事業者コード): ASCII upper-case letters and digits.
/// </summary>
internal static class MarketParticipantCode
{
    public const int Length = 5;

    public static bool TryValidate(string? text, string what, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrEmpty(text))
        {
            error = $"{what} is empty; expected 5 characters (A-Z, 0-9)";
            return false;
        }

        if (text.Length != Length)
        {
            error = string.Create(
                CultureInfo.InvariantCulture,
                $"{what} '{OutsideText.Prefix(text)}' has {text.Length} characters; expected exactly 5 (A-Z, 0-9)");
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
            {
                error = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{what} '{OutsideText.Prefix(text)}' has an invalid character at position {i + 1}; expected A-Z or 0-9");
                return false;
            }
        }

        error = null;
        return true;
    }
}
