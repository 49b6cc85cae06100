namespace Renkei.Formats.Text;

/// <summary>
/// How outside text is quoted back in an error message or a log line: at most <see cref="MaxLength"/> characters,
/// control characters shown as <c>?</c>, so that a huge or hostile value cannot flood a reply or a log.
/// </summary>
public static class Echo
{
    public const int MaxLength = 64;

    public static string Prefix(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var length = Math.Min(text.Length, MaxLength);
        var clean = true;
        for (var i = 0; i < length; i++)
        {
            if (char.IsControl(text[i]))
            {
                clean = false;
                break;
            }
        }

        if (clean && text.Length <= MaxLength)
        {
            return text;
        }

        return string.Create(length + (text.Length > MaxLength ? 1 : 0), text, static (span, source) =>
        {
            var n = Math.Min(source.Length, MaxLength);
            for (var i = 0; i < n; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }

            if (span.Length > n)
            {
                span[n] = '…';
            }
        });
    }
}
