using System.Globalization;

namespace Renkei.Formats.Text;

/// <summary>
/// The control characters a text field refuses: C0 (U+0000–U+001F, TAB only where a format allows it), DEL (U+007F)
/// and C1 (U+0080–U+009F). A NUL or an escape sequence in a name or an address would travel on into the store, the
/// market files and the screens.
/// </summary>
public static class ControlCharacters
{
    /// <summary>The index of the first refused character of <paramref name="text"/>, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<char> text, bool allowTab = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && !(allowTab && c == '\t'))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Why a value with a refused character at <paramref name="index"/> is refused (the character by its code, never echoed).</summary>
    public static string Describe(string text, int index)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(CultureInfo.InvariantCulture, $"a control character U+{(int)text[index]:X4} at character {index + 1}; text fields take no control characters (C0, DEL, C1)");
    }

    /// <summary>Checks <paramref name="text"/>: null when it is clean (or null), else why it is refused.</summary>
    public static string? Check(string? text, bool allowTab = false)
    {
        if (text is null)
        {
            return null;
        }

        var i = IndexOf(text, allowTab);
        return i < 0 ? null : Describe(text, i);
    }
}
