using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Renkei.Domain.Identifiers;

/// <summary>
/// 供給地点特定番号: the 22-digit supply point ID. Kept as a string (it has a leading zero);
/// the first two digits are the <see cref="TsoArea"/>. There is no public check digit.
/// </summary>
public readonly record struct SupplyPointId
{
    public const int Length = 22;

    private readonly string? value;

    private SupplyPointId(string value) => this.value = value;

    /// <summary>The 22 digits.</summary>
    public string Value => value ?? throw new InvalidOperationException("Uninitialised SupplyPointId.");

    /// <summary>The TSO area given by the first two digits.</summary>
    public TsoArea Area => (TsoArea)(((Value[0] - '0') * 10) + (Value[1] - '0'));

    public static SupplyPointId Parse(string? text) =>
        TryParse(text, out var id, out var error) ? id : throw new DomainFormatException(error);

    public static bool TryParse(string? text, out SupplyPointId id) => TryParse(text, out id, out _);

    public static bool TryParse(string? text, out SupplyPointId id, [NotNullWhen(false)] out string? error)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "supply point ID is empty; expected 22 digits";
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                error = string.Create(
                    CultureInfo.InvariantCulture,
                    $"supply point ID '{OutsideText.Prefix(text)}' has a non-digit character at position {i + 1}; expected 22 digits");
                return false;
            }
        }

        if (text.Length != Length)
        {
            error = string.Create(
                CultureInfo.InvariantCulture,
                $"supply point ID '{OutsideText.Prefix(text)}' has {text.Length} digits; expected exactly 22");
            return false;
        }

        var area = ((text[0] - '0') * 10) + (text[1] - '0');
        if (area is < 1 or > 10)
        {
            error = string.Create(
                CultureInfo.InvariantCulture,
                $"supply point ID '{OutsideText.Prefix(text)}' starts with area code {text[..2]}; expected 01 to 10");
            return false;
        }

        id = new SupplyPointId(text);
        error = null;
        return true;
    }

    public override string ToString() => value ?? string.Empty;
}
