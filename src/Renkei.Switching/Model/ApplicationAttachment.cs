namespace Renkei.Switching.Model;

/// <summary>
/// A document sent with an application (IF_10210 使用量情報照会申請: the customer's consent, for instance), kept with
/// it: the bytes as sent, the type they were found to be, and their SHA-256. Read by the applicant and the TSO only
/// (docs/security.md), every read audited.
/// </summary>
public sealed class ApplicationAttachment
{
    public long Id { get; set; }

    public long ApplicationId { get; set; }

    /// <summary>Its number within the application, 1 upwards, in the order sent.</summary>
    public int Number { get; set; }

    public required string FileName { get; set; }

    /// <summary>The media type found from the bytes (<c>Formats.Switching.AttachmentTypes</c>).</summary>
    public required string ContentType { get; set; }

    public required byte[] Content { get; set; }

    /// <summary>SHA-256 of <see cref="Content"/>, lower-case hexadecimal.</summary>
    public required string Sha256 { get; set; }
}
