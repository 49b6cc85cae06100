using System.Globalization;
using System.Text;

namespace Renkei.Formats.Switching.Bulk;

/// <summary>The text of an uploaded bulk file: UTF-8 (a BOM tolerated), or the file is refused whole.</summary>
public static class BulkText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text, or why it is not UTF-8 (a Shift_JIS or UTF-16 file: the offset of the first byte that is not).</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, out FormatError? error)
    {
        error = null;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            error = new FormatError(0, "file", "the file is UTF-16; save it as UTF-8 (CSV UTF-8)");
            return null;
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Strict.GetString(bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes);
        }

        var offset = 0;
        while (Rune.DecodeFromUtf8(bytes[offset..], out _, out var used) == System.Buffers.OperationStatus.Done)
        {
            offset += used;
        }

        error = new FormatError(0, "file", string.Create(CultureInfo.InvariantCulture, $"the file is not UTF-8 (byte {offset}); save it as UTF-8 (CSV UTF-8), not Shift_JIS"));
        return null;
    }
}
