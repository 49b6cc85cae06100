using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Renkei.Domain.Energy;

/// <summary>
/// 乗率: the meter multiplier (CT ratio × VT ratio) by which a high-voltage meter's register difference is
/// multiplied to give energy. A positive whole number, which keeps "the sum of the intervals equals the
/// register difference × multiplier" exact; low-voltage meters have 1.
/// </summary>
public readonly record struct Multiplier
{
    public const int MaxValue = 1_000_000;

    private readonly int valueMinusOne;

    private Multiplier(int value) => valueMinusOne = value - 1;

    /// <summary>The multiplier 1 (also the default value of this type).</summary>
    public static Multiplier One => default;

    public int Value => valueMinusOne + 1;

    public static Multiplier FromInt32(int value) =>
        value is >= 1 and <= MaxValue
            ? new Multiplier(value)
            : throw new DomainFormatException(
                string.Create(CultureInfo.InvariantCulture, $"multiplier {value} is out of range; expected a whole number from 1 to 1000000"));

    public static Multiplier Parse(string? text) =>
        TryParse(text, out var value, out var error) ? value : throw new DomainFormatException(error);

    public static bool TryParse(string? text, out Multiplier value, [NotNullWhen(false)] out string? error) =>
        TryParse(text.AsSpan(), out value, out error);

    public static bool TryParse(ReadOnlySpan<char> text, out Multiplier value, [NotNullWhen(false)] out string? error)
    {
        value = default;
        if (text.IsEmpty)
        {
            error = "multiplier is empty; expected a whole number from 1 to 1000000";
            return false;
        }

        // "40", and "40.0"/"40.00" as written by systems that keep the multiplier as a decimal.
        var dot = text.IndexOf('.');
        var whole = dot < 0 ? text : text[..dot];
        if (dot >= 0 && (dot == text.Length - 1 || text[(dot + 1)..].ContainsAnyExcept('0')))
        {
            error = $"multiplier '{OutsideText.Prefix(text)}' is not a whole number; expected a whole number from 1 to 1000000";
            return false;
        }

        if (whole.IsEmpty || whole.ContainsAnyExceptInRange('0', '9'))
        {
            error = $"multiplier '{OutsideText.Prefix(text)}' is not a whole number; expected a whole number from 1 to 1000000";
            return false;
        }

        // Leading zeros are allowed ("0040"); more significant digits than 1000000 has is simply too large.
        var significant = whole.TrimStart('0');
        if (significant.Length > 7
            || !int.TryParse(whole[(whole.Length - Math.Max(significant.Length, 1))..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n is < 1 or > MaxValue)
        {
            error = $"multiplier '{OutsideText.Prefix(text)}' is out of range; expected a whole number from 1 to 1000000";
            return false;
        }

        value = new Multiplier(n);
        error = null;
        return true;
    }

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
