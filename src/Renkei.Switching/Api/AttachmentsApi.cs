using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Renkei.Switching.Applications.IF_10210_UsageInformation;

namespace Renkei.Switching.Api;

/// <summary>
/// An application's attachments (IF_10210's documents): the list and each file, for the applicant under
/// <c>/internal/v1/applications/{number}/attachments</c> (the retailer routes: another retailer's application answers
/// 404, as one that does not exist) and for the TSO under <c>/internal/v1/operator/applications/{number}/attachments</c>
/// (the gateway's operator route). A file is answered as a download (<c>Content-Disposition: attachment</c>) of the
/// type its bytes were found to be, with <c>X-Content-Type-Options: nosniff</c>. <see cref="AttachmentReads"/> audits
/// every read.
/// </summary>
internal static class AttachmentsApi
{
    /// <summary>The applicant's list.</summary>
    public static Task<Results<Ok<AttachmentList>, ProblemHttpResult>> ListForRetailer(HttpContext http, AttachmentReads reads, string number, CancellationToken cancellationToken) =>
        ListAsync(reads, RetailerCall.Of(http).Caller, number, cancellationToken);

    /// <summary>The applicant's download of one attachment.</summary>
    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadForRetailer(HttpContext http, AttachmentReads reads, string number, int attachment, CancellationToken cancellationToken) =>
        DownloadAsync(http, reads, RetailerCall.Of(http).Caller, number, attachment, cancellationToken);

    /// <summary>The TSO's list (any application).</summary>
    public static Task<Results<Ok<AttachmentList>, ProblemHttpResult>> ListForTso(AttachmentReads reads, string number, CancellationToken cancellationToken) =>
        ListAsync(reads, null, number, cancellationToken);

    /// <summary>The TSO's download of one attachment (any application).</summary>
    public static Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadForTso(HttpContext http, AttachmentReads reads, string number, int attachment, CancellationToken cancellationToken) =>
        DownloadAsync(http, reads, null, number, attachment, cancellationToken);

    private static async Task<Results<Ok<AttachmentList>, ProblemHttpResult>> ListAsync(AttachmentReads reads, string? retailer, string number, CancellationToken cancellationToken)
    {
        var list = await reads.ListAsync(retailer, number, cancellationToken).ConfigureAwait(false);
        return list is null ? NotFound($"application {Formats.Text.Echo.Prefix(number)} not found") : TypedResults.Ok(list);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(
        HttpContext http, AttachmentReads reads, string? retailer, string number, int attachment, CancellationToken cancellationToken)
    {
        var stored = await reads.ReadAsync(retailer, number, attachment, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return NotFound($"attachment {attachment} of application {Formats.Text.Echo.Prefix(number)} not found");
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(stored.Content, stored.ContentType, stored.FileName);
    }

    private static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
