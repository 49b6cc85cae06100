using System.Globalization;
using System.Security.Cryptography;
using Renkei.Formats.Switching;

namespace Renkei.Switching.Applications.IF_10210_UsageInformation;

/// <summary>One attachment as sent, decoded once for every rule: its place (0-based), name, and bytes (null when the content is missing, not base64, or too large to decode).</summary>
internal sealed record AttachmentCandidate(int Index, string? FileName, string? Content, byte[]? Bytes, bool TooLarge)
{
    /// <summary>How the messages name it: its number (1-based) and, when it has one, its name.</summary>
    public string Label => FileName is { Length: > 0 } name
        ? string.Create(CultureInfo.InvariantCulture, $"attachment {Index + 1} ({Formats.Text.Echo.Prefix(name)})")
        : string.Create(CultureInfo.InvariantCulture, $"attachment {Index + 1}");

    public string LabelJa => FileName is { Length: > 0 } name
        ? string.Create(CultureInfo.InvariantCulture, $"添付ファイル{Index + 1}（{Formats.Text.Echo.Prefix(name)}）")
        : string.Create(CultureInfo.InvariantCulture, $"添付ファイル{Index + 1}");

    public string Field(string member) => string.Create(CultureInfo.InvariantCulture, $"attachments[{Index}].{member}");

    /// <summary>The media type the bytes are (null when they are none of the accepted ones, or there are none).</summary>
    public string? ContentType => Bytes is null ? null : AttachmentTypes.Of(Bytes);

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes ?? []));
}

/// <summary>What the attachment rules look at: every attachment of the request, decoded.</summary>
internal sealed class AttachmentCheck
{
    /// <summary>Attachments one application may carry.</summary>
    public const int MaxCount = 5;

    /// <summary>The largest attachment, decoded: 1 MiB.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The longest file name, in characters.</summary>
    public const int MaxNameLength = 100;

    public required IReadOnlyList<AttachmentCandidate> Attachments { get; init; }

    /// <summary>Decodes each attachment's base64 once; one that would decode to more than <see cref="MaxBytes"/> is not decoded at all.</summary>
    public static AttachmentCheck Of(IReadOnlyList<Formats.Api.Switching.AttachmentUpload?>? uploads)
    {
        var candidates = new List<AttachmentCandidate>();
        for (var i = 0; i < (uploads?.Count ?? 0); i++)
        {
            var upload = uploads![i];
            var content = upload?.Content;
            byte[]? bytes = null;
            var tooLarge = false;
            if (!string.IsNullOrEmpty(content))
            {
                // Base64 holds 3 bytes in 4 characters: a text longer than a 1 MiB file's is refused before decoding.
                if (content.Length > ((MaxBytes + 2) / 3 * 4) + 4)
                {
                    tooLarge = true;
                }
                else
                {
                    var buffer = new byte[(content.Length / 4 * 3) + 3];
                    if (Convert.TryFromBase64String(content, buffer, out var written))
                    {
                        bytes = buffer.AsSpan(0, written).ToArray();
                        tooLarge = written > MaxBytes;
                    }
                }
            }

            candidates.Add(new AttachmentCandidate(i, upload?.FileName, content, bytes, tooLarge));
        }

        return new AttachmentCheck { Attachments = candidates };
    }
}

/// <summary>The attachment rules of IF_10210, in the order they are reported.</summary>
internal static class AttachmentRules
{
    public static readonly IReadOnlyList<Validation.IRule<AttachmentCheck>> All =
    [
        new AttachmentCountRule(),
        new AttachmentNameRule(),
        new AttachmentContentRule(),
        new AttachmentSizeRule(),
        new AttachmentTypeRule(),
    ];

    /// <summary>Every violation of every rule (none when the attachments may be stored).</summary>
    public static List<RuleViolation> Evaluate(AttachmentCheck check) => [.. All.SelectMany(r => r.Check(check))];
}

/// <summary>SW130: at most <see cref="AttachmentCheck.MaxCount"/> attachments.</summary>
internal sealed class AttachmentCountRule : Validation.IRule<AttachmentCheck>
{
    public const string ErrorCode = "SW130";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(AttachmentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Attachments.Count > AttachmentCheck.MaxCount)
        {
            yield return new RuleViolation(
                Code,
                "attachments",
                string.Create(CultureInfo.InvariantCulture, $"{check.Attachments.Count} attachments; at most {AttachmentCheck.MaxCount}"),
                string.Create(CultureInfo.InvariantCulture, $"添付ファイルは{AttachmentCheck.MaxCount}件までです（{check.Attachments.Count}件）"));
        }
    }
}

/// <summary>SW131: each attachment has a file name of 1 to 100 characters, without a path or control characters.</summary>
internal sealed class AttachmentNameRule : Validation.IRule<AttachmentCheck>
{
    public const string ErrorCode = "SW131";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(AttachmentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var a in check.Attachments)
        {
            var name = a.FileName;
            if (string.IsNullOrWhiteSpace(name))
            {
                yield return new RuleViolation(Code, a.Field("fileName"), $"{a.Label}: the file name is missing", $"{a.LabelJa}：ファイル名がありません");
            }
            else if (name.Length > AttachmentCheck.MaxNameLength)
            {
                yield return new RuleViolation(
                    Code,
                    a.Field("fileName"),
                    string.Create(CultureInfo.InvariantCulture, $"{a.Label}: the file name has {name.Length} characters; at most {AttachmentCheck.MaxNameLength}"),
                    string.Create(CultureInfo.InvariantCulture, $"{a.LabelJa}：ファイル名は{AttachmentCheck.MaxNameLength}文字までです（{name.Length}文字）"));
            }
            else if (name.AsSpan().IndexOfAny('/', '\\') >= 0 || name.Any(char.IsControl) || name is "." or "..")
            {
                yield return new RuleViolation(Code, a.Field("fileName"), $"{a.Label}: the file name must be a name only, without a path (/ or \\) or control characters", $"{a.LabelJa}：ファイル名にパス（/ \\）や制御文字は使えません");
            }
        }
    }
}

/// <summary>SW132: each attachment's content is given, in base64, and not empty.</summary>
internal sealed class AttachmentContentRule : Validation.IRule<AttachmentCheck>
{
    public const string ErrorCode = "SW132";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(AttachmentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var a in check.Attachments)
        {
            if (string.IsNullOrEmpty(a.Content))
            {
                yield return new RuleViolation(Code, a.Field("content"), $"{a.Label}: the content is missing", $"{a.LabelJa}：ファイルの内容がありません");
            }
            else if (a.Bytes is null && !a.TooLarge)
            {
                yield return new RuleViolation(Code, a.Field("content"), $"{a.Label}: the content is not base64", $"{a.LabelJa}：ファイルの内容がBase64ではありません");
            }
            else if (a.Bytes is { Length: 0 })
            {
                yield return new RuleViolation(Code, a.Field("content"), $"{a.Label}: the file is empty", $"{a.LabelJa}：ファイルが空です");
            }
        }
    }
}

/// <summary>SW133: each attachment is at most 1 MiB (1,048,576 bytes) decoded.</summary>
internal sealed class AttachmentSizeRule : Validation.IRule<AttachmentCheck>
{
    public const string ErrorCode = "SW133";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(AttachmentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var a in check.Attachments.Where(a => a.TooLarge))
        {
            yield return new RuleViolation(
                Code,
                a.Field("content"),
                string.Create(CultureInfo.InvariantCulture, $"{a.Label}: the file is larger than 1 MiB ({AttachmentCheck.MaxBytes} bytes)"),
                $"{a.LabelJa}：ファイルは1MiB（1,048,576バイト）までです");
        }
    }
}

/// <summary>SW134: each attachment's bytes are a PDF, JPEG, PNG or GIF file (read from its first bytes, not its name).</summary>
internal sealed class AttachmentTypeRule : Validation.IRule<AttachmentCheck>
{
    public const string ErrorCode = "SW134";

    public string Code => ErrorCode;

    public IEnumerable<RuleViolation> Check(AttachmentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var a in check.Attachments.Where(a => a.Bytes is { Length: > 0 } && !a.TooLarge && a.ContentType is null))
        {
            yield return new RuleViolation(
                Code,
                a.Field("content"),
                $"{a.Label}: the file is not a {AttachmentTypes.Accepted} file (its first bytes say so, whatever its name)",
                $"{a.LabelJa}：PDF、JPEG、PNG、GIFのいずれかのファイルではありません（ファイル名ではなく内容で判定します）");
        }
    }
}
