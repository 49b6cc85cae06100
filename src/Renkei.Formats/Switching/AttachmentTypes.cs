namespace Renkei.Formats.Switching;

/// <summary>
/// The file types an application's attachment may be, told from the file's first bytes (its magic number), never
/// from its name or a declared type: PDF (<c>%PDF-</c>), JPEG (<c>FF D8 FF</c>), PNG (the 8-byte PNG signature) and
/// GIF (<c>GIF87a</c> or <c>GIF89a</c>). Four fixed signatures need no library (the file-type sniffing packages on
/// NuGet are unmaintained betas or wrap libmagic's hundreds of types, which would widen what is accepted).
/// </summary>
public static class AttachmentTypes
{
    public const string Pdf = "application/pdf";

    public const string Jpeg = "image/jpeg";

    public const string Png = "image/png";

    public const string Gif = "image/gif";

    /// <summary>The accepted types, as the error messages list them.</summary>
    public const string Accepted = "PDF, JPEG, PNG or GIF";

    /// <summary>The media type <paramref name="bytes"/> are, or null when they are none of the four.</summary>
    public static string? Of(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        return bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8) ? Gif : null;
    }
}
