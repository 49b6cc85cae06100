using System.Diagnostics.CodeAnalysis;

namespace Renkei.Domain.Identifiers;

/// <summary>小売電気事業者コード: a retailer's five-character market code (one per area).</summary>
public readonly record struct RetailerCode
{
    private readonly string? value;

    private RetailerCode(string value) => this.value = value;

    public string Value => value ?? throw new InvalidOperationException("Uninitialised RetailerCode.");

    public static RetailerCode Parse(string? text) =>
        TryParse(text, out var code, out var error) ? code : throw new DomainFormatException(error);

    public static bool TryParse(string? text, out RetailerCode code, [NotNullWhen(false)] out string? error)
    {
        code = default;
        if (!MarketParticipantCode.TryValidate(text, "retailer code", out error))
        {
            return false;
        }

        code = new RetailerCode(text!);
        return true;
    }

    public override string ToString() => value ?? string.Empty;
}
