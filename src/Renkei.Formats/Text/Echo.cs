using Renkei.Domain;

namespace Renkei.Formats.Text;

/// <summary>
/// How outside text is quoted back in an error message or a log line: at most <see cref="MaxLength"/> characters,
/// control characters shown as <c>?</c>, so that a huge or hostile value cannot flood a reply or a log
/// (<see cref="OutsideText"/>, which the domain's own parse errors use too).
/// </summary>
public static class Echo
{
    public const int MaxLength = OutsideText.MaxLength;

    public static string Prefix(string? text) => OutsideText.Prefix(text);

    /// <summary>As <see cref="Prefix(string?)"/>, for a part of a larger text.</summary>
    public static string Prefix(ReadOnlySpan<char> text) => OutsideText.Prefix(text);

    /// <summary>As <see cref="Prefix(string?)"/>, for a longer quote (a whole reason): at most <paramref name="maxLength"/> characters.</summary>
    public static string Prefix(string? text, int maxLength) => OutsideText.Prefix(text, maxLength);
}
