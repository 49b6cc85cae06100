using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Renkei.Formats.Text;

/// <summary>
/// Reads the lines of a UTF-8 stream and checks every byte: a line that is not valid UTF-8 (or is longer than the
/// reader takes) is still returned, decoded with U+FFFD, and <see cref="LineFault"/> says why it is not usable, so a
/// parser can name the line and go on to list the faults of the others. A decoder that replaces bad bytes silently
/// (<c>StreamReader</c>'s default) would let a meter ID or a name with U+FFFD into master data; one that throws
/// (<c>UTF8Encoding(false, true)</c>) decodes whole buffers ahead and cannot say which line was at fault.
/// Lines end with <c>\n</c>; a <c>\r</c> before it is dropped. A UTF-8 byte order mark is left in the first line
/// (the parsers drop U+FEFF from their header).
/// </summary>
public sealed class Utf8LineReader : TextReader
{
    private readonly Stream stream;
    private readonly int maxLineBytes;
    private readonly bool leaveOpen;
    private byte[] buffer;
    private int start;
    private int end;
    private bool atEnd;

    /// <param name="stream">The bytes to read.</param>
    /// <param name="maxLineBytes">Longest line taken; a longer one is skipped to its end and reported in <see cref="LineFault"/>.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    public Utf8LineReader(Stream stream, int maxLineBytes = 1 << 20, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        this.stream = stream;
        this.maxLineBytes = maxLineBytes;
        this.leaveOpen = leaveOpen;
        buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxLineBytes + 1, 1 << 16));
    }

    /// <summary>The number of the line <see cref="ReadLine"/> returned last (1 = the first line).</summary>
    public int LineNumber { get; private set; }

    /// <summary>Why the line returned last is not usable (not UTF-8, too long), or null when it is.</summary>
    public string? LineFault { get; private set; }

    /// <summary>
    /// For a line that is not UTF-8: the 0-based index of the comma-separated field its first bad byte is in (a
    /// comma is one byte in UTF-8, so the fields before it are counted exactly); −1 otherwise.
    /// </summary>
    public int FaultField { get; private set; } = -1;

    public override string? ReadLine()
    {
        LineFault = null;
        FaultField = -1;
        var skipped = 0L;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0 || (atEnd && end > start))
            {
                var length = newline >= 0 ? newline : end - start;
                var line = buffer.AsSpan(start, length);
                start += newline >= 0 ? length + 1 : length;
                LineNumber++;
                if (skipped > 0)
                {
                    LineFault = string.Create(CultureInfo.InvariantCulture, $"is longer than {maxLineBytes:N0} bytes");
                    return string.Empty;
                }

                if (!line.IsEmpty && line[^1] == (byte)'\r')
                {
                    line = line[..^1];
                }

                if (!Utf8.IsValid(line))
                {
                    var bad = FirstInvalid(line);
                    FaultField = line[..bad].Count((byte)',');
                    LineFault = string.Create(CultureInfo.InvariantCulture, $"is not valid UTF-8 (byte {bad + 1} of the line)");
                }

                return Encoding.UTF8.GetString(line);
            }

            if (atEnd)
            {
                if (skipped > 0)
                {
                    LineNumber++;
                    LineFault = string.Create(CultureInfo.InvariantCulture, $"is longer than {maxLineBytes:N0} bytes");
                    return string.Empty;
                }

                return null;
            }

            if (end - start >= maxLineBytes)
            {
                // Too long: drop what is held and keep dropping until the line ends.
                skipped += end - start;
                start = end = 0;
            }

            Fill();
        }
    }

    public override int Peek() => throw new NotSupportedException("Utf8LineReader reads whole lines (ReadLine)");

    public override int Read() => throw new NotSupportedException("Utf8LineReader reads whole lines (ReadLine)");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = [];
            }
        }

        base.Dispose(disposing);
    }

    private void Fill()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxLineBytes + 1));
            buffer.AsSpan(0, end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        var n = stream.Read(buffer, end, buffer.Length - end);
        if (n == 0)
        {
            atEnd = true;
        }

        end += n;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> line)
    {
        var at = 0;
        while (at < line.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(line[at..], out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                return at;
            }

            at += consumed;
        }

        return at;
    }
}
