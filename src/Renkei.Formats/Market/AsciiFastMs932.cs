using System.Text;

namespace Renkei.Formats.Market;

/// <summary>
/// MS932 for the XML writer's hot path: MS932 is ASCII below 0x80, and almost every character of a market file is
/// ASCII (item names, digits, IDs), so runs of ASCII are copied with the vectorised <see cref="Ascii.FromUtf16"/> and
/// only the other characters go through code page 932's encoder, whose per-character table walk is the slow part.
/// The bytes are exactly code page 932's; everything but encoding is code page 932 itself.
/// </summary>
internal sealed class AsciiFastMs932 : Encoding
{
    private readonly Encoding inner;

    public AsciiFastMs932(Encoding ms932)
        : base(ms932.CodePage, ms932.EncoderFallback, ms932.DecoderFallback) => inner = ms932;

    public override string WebName => inner.WebName;

    public override bool IsSingleByte => false;

    public override int GetByteCount(char[] chars, int index, int count) => Inner().GetByteCount(chars, index, count);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        Inner().GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    public override int GetCharCount(byte[] bytes, int index, int count) => inner.GetCharCount(bytes, index, count);

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        inner.GetChars(bytes, byteIndex, byteCount, chars, charIndex);

    public override int GetMaxByteCount(int charCount) => inner.GetMaxByteCount(charCount);

    public override int GetMaxCharCount(int byteCount) => inner.GetMaxCharCount(byteCount);

    public override byte[] GetPreamble() => [];

    public override Decoder GetDecoder() => inner.GetDecoder();

    public override Encoder GetEncoder() => new AsciiFirstEncoder(Inner().GetEncoder());

    /// <summary>Code page 932 with this instance's fallback (the XML writer sets one that writes character references).</summary>
    private Encoding Inner()
    {
        var copy = (Encoding)inner.Clone();
        copy.EncoderFallback = EncoderFallback;
        return copy;
    }

    private sealed class AsciiFirstEncoder(Encoder ms932) : Encoder
    {
        public override int GetByteCount(char[] chars, int index, int count, bool flush) => ms932.GetByteCount(chars, index, count, flush);

        public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex, bool flush)
        {
            Convert(chars, charIndex, charCount, bytes, byteIndex, bytes.Length - byteIndex, flush, out _, out var used, out _);
            return used;
        }

        public override void Convert(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex, int byteCount, bool flush, out int charsUsed, out int bytesUsed, out bool completed)
        {
            var source = chars.AsSpan(charIndex, charCount);
            var target = bytes.AsSpan(byteIndex, byteCount);
            charsUsed = 0;
            bytesUsed = 0;
            while (charsUsed < source.Length)
            {
                var status = Ascii.FromUtf16(source[charsUsed..], target[bytesUsed..], out var ascii);
                charsUsed += ascii;
                bytesUsed += ascii;
                if (status == System.Buffers.OperationStatus.Done)
                {
                    break;
                }

                if (status == System.Buffers.OperationStatus.DestinationTooSmall)
                {
                    completed = false;
                    return;
                }

                // No room for a two-byte character after some progress: stop here, as code page 932 would (with no
                // progress at all it throws, as it would).
                if (byteCount - bytesUsed < 2 && (charsUsed > 0 || bytesUsed > 0))
                {
                    completed = false;
                    return;
                }

                // A run of other characters, up to the next ASCII one (or the end: then the caller's flush applies).
                var rest = source[charsUsed..];
                var run = rest.IndexOfAnyInRange('\0', '\x7f');
                var end = run < 0;
                run = end ? rest.Length : run;
                ms932.Convert(
                    chars, charIndex + charsUsed, run, bytes, byteIndex + bytesUsed, byteCount - bytesUsed, !end || flush, out var used, out var written, out var done);
                charsUsed += used;
                bytesUsed += written;
                if (!done && used < run)
                {
                    completed = false;
                    return;
                }
            }

            completed = charsUsed == source.Length;
        }

        public override void Reset() => ms932.Reset();
    }
}
