using System.Diagnostics.CodeAnalysis;

namespace Renkei.Domain.Identifiers;

/// <summary>一般送配電事業者コード: a grid operator's five-character market code.</summary>
public readonly record struct TsoCode
{
    private readonly string? value;

    private TsoCode(string value) => this.value = value;

    public string Value => value ?? throw new InvalidOperationException("Uninitialised TsoCode.");

    public static TsoCode Parse(string? text) =>
        TryParse(text, out var code, out var error) ? code : throw new DomainFormatException(error);

    public static bool TryParse(string? text, out TsoCode code, [NotNullWhen(false)] out string? error)
    {
        code = default;
        if (!MarketParticipantCode.TryValidate(text, "TSO code", out error))
        {
            return false;
        }

        code = new TsoCode(text!);
        return true;
    }

    public override string ToString() => value ?? string.Empty;
}
