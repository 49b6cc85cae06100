namespace Renkei.Switching.Model;

/// <summary>小売電気事業者: a retailer, by its five-character market code.</summary>
public sealed class Retailer
{
    public required string Code { get; set; }

    public required string Name { get; set; }
}
