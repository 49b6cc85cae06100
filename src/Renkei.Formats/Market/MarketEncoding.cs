using System.Text;

namespace Renkei.Formats.Market;

/// <summary>
/// The character set of the market's files: MS932 (Microsoft's Shift_JIS, code page 932), in which the market counts
/// every text item's length in bytes and outside which it refuses characters (MARKET.md). The XML files are written
/// in it and declare it as <c>Shift_JIS</c> (docs/formats.md says why). The code page comes from the runtime's
/// <see cref="CodePagesEncodingProvider"/>, registered here once.
/// </summary>
public static class MarketEncoding
{
    /// <summary>The name a file's XML declaration and the <c>charset</c> of an <c>application/xml</c> answer give.</summary>
    public const string Charset = "Shift_JIS";

    /// <summary>Counts bytes and refuses characters MS932 has no code for (no '?' substitution).</summary>
    private static readonly Encoding Strict = Load(EncoderFallback.ExceptionFallback);

    /// <summary>MS932 for writing: every text is checked with <see cref="Check"/> before it reaches a file.</summary>
    public static Encoding Ms932 { get; } = Load(EncoderFallback.ReplacementFallback);

    /// <summary>The same bytes as <see cref="Ms932"/>, ASCII runs copied without the code page's table (the XML writer's).</summary>
    internal static Encoding Ms932Writing { get; } = new AsciiFastMs932(Ms932);

    /// <summary>
    /// The length of <paramref name="value"/> in MS932 bytes; false (with the first offending character's index in
    /// <paramref name="bytes"/>) when it holds a character MS932 cannot encode.
    /// </summary>
    public static bool TryByteCount(string value, out int bytes)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            bytes = Strict.GetByteCount(value);
            return true;
        }
        catch (EncoderFallbackException e)
        {
            bytes = e.Index;
            return false;
        }
    }

    /// <summary>
    /// Checks a text item against the market's rule: at most <paramref name="maxBytes"/> MS932 bytes, every character
    /// in MS932. Throws a <see cref="FormatException"/> naming the item and why.
    /// </summary>
    public static void Check(string item, string value, int maxBytes)
    {
        if (!TryByteCount(value, out var bytes))
        {
            throw new FormatException($"{item}: the character '{value[bytes]}' at position {bytes + 1} is not in MS932 (Shift_JIS), which the market's files use");
        }

        if (bytes > maxBytes)
        {
            throw new FormatException($"{item}: {bytes} bytes in MS932, at most {maxBytes}");
        }
    }

    /// <summary>Makes the code pages known to <see cref="Encoding.GetEncoding(string)"/>, so a reader can decode a document that declares Shift_JIS. Safe to repeat.</summary>
    public static void RegisterCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Encoding Load(EncoderFallback fallback)
    {
        RegisterCodePages();
        return Encoding.GetEncoding(932, fallback, DecoderFallback.ExceptionFallback);
    }
}
