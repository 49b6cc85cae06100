namespace Renkei.Formats.Api.Switching;

/// <summary>
/// A document attached to a usage-information application (IF_10210), e.g. the customer's signed consent: its file
/// name and its bytes in base64 (RFC 4648, standard alphabet). PDF, JPEG, PNG or GIF, at most 1 MiB decoded; the
/// type is read from the bytes (their magic number), never from the name.
/// </summary>
/// <param name="FileName">The file's name, 1 to 100 characters, without a path (no / or \).</param>
/// <param name="Content">The file's bytes in base64.</param>
public sealed record AttachmentUpload(string? FileName, string? Content);

/// <summary>One stored attachment of an application.</summary>
/// <param name="Number">Its number within the application, 1 upwards, in the order it was sent (the download's path).</param>
/// <param name="FileName">The name it was sent with.</param>
/// <param name="ContentType">The type its bytes are: application/pdf, image/jpeg, image/png or image/gif.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Sha256">The SHA-256 of its bytes, hexadecimal (lower case).</param>
public sealed record AttachmentView(int Number, string FileName, string ContentType, long Size, string Sha256);

/// <summary>The attachments of one application, in the order they were sent.</summary>
public sealed record AttachmentList(string ApplicationNumber, IReadOnlyList<AttachmentView> Attachments);
