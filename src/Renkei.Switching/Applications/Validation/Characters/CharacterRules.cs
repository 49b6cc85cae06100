namespace Renkei.Switching.Applications.Validation.Characters;

/// <summary>The market's character rules (SW100–SW105), run on every kind's text items after its own rules.</summary>
internal static class CharacterRules
{
    public static readonly IReadOnlyList<IRule<ITextItems>> All =
    [
        new Ms932CharacterRule(),
        new Ms932LengthRule(),
        new KatakanaRule(),
        new PostalCodeRule(),
        new PhoneShapeRule(),
        new NumberShapeRule(),
    ];

    /// <summary>The given items of <paramref name="check"/> of the shapes in <paramref name="shapes"/>, each a code its MS932 can encode (the length and shape rules leave the rest to SW101).</summary>
    internal static IEnumerable<TextItem> Encodable(ITextItems check, params ItemShape[] shapes)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var item in check.TextItems)
        {
            if (item.Given && (shapes.Length == 0 || Array.IndexOf(shapes, item.Shape) >= 0) && Formats.Text.Ms932.TryCount(item.Value, out _, out _))
            {
                yield return item;
            }
        }
    }
}
