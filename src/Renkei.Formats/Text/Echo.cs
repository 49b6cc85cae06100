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

    /// <summary>The most characters of a whole reason quoted back (a problem's detail, a line of an error report).</summary>
    public const int MaxReasonLength = 256;

    public static string Prefix(string? text) => OutsideText.Prefix(text);

    /// <summary>As <see cref="Prefix(string?)"/>, for a part of a larger text.</summary>
    public static string Prefix(ReadOnlySpan<char> text) => OutsideText.Prefix(text);

    /// <summary>As <see cref="Prefix(string?)"/>, for a longer quote (a whole reason): at most <paramref name="maxLength"/> characters.</summary>
    public static string Prefix(string? text, int maxLength) => OutsideText.Prefix(text, maxLength);

    /// <summary>As <see cref="Prefix(string?, int)"/> with <see cref="MaxReasonLength"/>: a whole reason, an error line, a message of an exception.</summary>
    public static string Reason(string? text) => OutsideText.Prefix(text, MaxReasonLength);
}
