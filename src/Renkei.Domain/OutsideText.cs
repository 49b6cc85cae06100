namespace Renkei.Domain;

/// <summary>
/// How outside text is quoted back in an error message: at most <see cref="MaxLength"/> characters (an ellipsis
/// marks the cut), control characters shown as <c>?</c>, so that a huge or hostile value cannot flood a reply or a
/// log. The domain's parse errors quote through it; everything above quotes through <c>Renkei.Formats.Text.Echo</c>,
/// which is this.
/// </summary>
public static class OutsideText
{
    public const int MaxLength = 64;

    /// <summary>At most <see cref="MaxLength"/> characters of <paramref name="text"/>.</summary>
    public static string Prefix(string? text) => Prefix(text, MaxLength);

    /// <summary>At most <see cref="MaxLength"/> characters of <paramref name="text"/> (a part of a larger text).</summary>
    public static string Prefix(ReadOnlySpan<char> text) => Prefix(text[..Math.Min(text.Length, MaxLength + 1)].ToString(), MaxLength);

    /// <summary>At most <paramref name="maxLength"/> characters of <paramref name="text"/> (a whole reason).</summary>
    public static string Prefix(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var length = Math.Min(text.Length, maxLength);
        var clean = true;
        for (var i = 0; i < length; i++)
        {
            if (char.IsControl(text[i]))
            {
                clean = false;
                break;
            }
        }

        if (clean && text.Length <= maxLength)
        {
            return text;
        }

        return string.Create(length + (text.Length > maxLength ? 1 : 0), (text, maxLength), static (span, state) =>
        {
            var (source, max) = state;
            var n = Math.Min(source.Length, max);
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
