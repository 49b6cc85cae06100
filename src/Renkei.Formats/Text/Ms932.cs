using System.Text;

namespace Renkei.Formats.Text;

/// <summary>
/// MS932 (Windows Shift_JIS, code page 932), in which the market counts the lengths of its text items: a half-width
/// character is one byte, a full-width one two. A character MS932 cannot encode (𠮷, emoji, ...) has no length: the
/// market refuses it.
/// </summary>
public static class Ms932
{
    /// <summary>The encoding, refusing (never replacing or best-fitting) a character it cannot encode.</summary>
    public static Encoding Encoding { get; } = Create(EncoderFallback.ExceptionFallback);

    /// <summary>The same encoding with <c>?</c> for a character outside it: one rune at a time, a non-ASCII rune written as nothing but <c>?</c> is one (no MS932 trail byte is <c>?</c>).</summary>
    private static readonly Encoding Marking = Create(new EncoderReplacementFallback("?"));

    /// <summary>
    /// The length of <paramref name="text"/> in MS932 bytes, or false and the first character it cannot encode
    /// (<paramref name="unencodable"/>; an unpaired surrogate is reported as U+FFFD).
    /// </summary>
    public static bool TryCount(ReadOnlySpan<char> text, out int bytes, out Rune unencodable)
    {
        bytes = 0;
        unencodable = default;
        Span<byte> one = stackalloc byte[8];
        Span<char> chars = stackalloc char[2];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                bytes++;
                continue;
            }

            var length = rune.EncodeToUtf16(chars);
            var written = Marking.GetBytes(chars[..length], one);
            if (rune == Rune.ReplacementChar || one[..written].IndexOfAnyExcept((byte)'?') < 0)
            {
                unencodable = rune;
                return false;
            }

            bytes += written;
        }

        return true;
    }

    private static Encoding Create(EncoderFallback fallback) =>
        CodePagesEncodingProvider.Instance.GetEncoding(932, fallback, DecoderFallback.ExceptionFallback)
        ?? throw new InvalidOperationException("code page 932 (MS932) is not available");
}
