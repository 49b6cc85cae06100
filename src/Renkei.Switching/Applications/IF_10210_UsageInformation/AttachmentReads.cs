using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;

namespace Renkei.Switching.Applications.IF_10210_UsageInformation;

/// <summary>One attachment's bytes and what they are, for its download.</summary>
internal sealed record StoredAttachment(string FileName, string ContentType, byte[] Content, string Sha256);

/// <summary>
/// Who reads an application's attachments: its applicant (the retailer that sent them) and the TSO (an operator,
/// through the gateway's operator route). Another retailer's application answers null, as one that does not exist,
/// so the route answers the same 404. Every list and every download is written to the audit trail before it is
/// answered, naming the reader (the retailer's code, or <c>tso</c>).
/// </summary>
internal sealed class AttachmentReads(SwitchingDbContext db, TimeProvider clock)
{
    /// <summary>The attachments of application <paramref name="number"/>; <paramref name="retailer"/> null reads as the TSO.</summary>
    public async Task<AttachmentList?> ListAsync(string? retailer, string number, CancellationToken cancellationToken)
    {
        if (await FindAsync(retailer, number, cancellationToken).ConfigureAwait(false) is not { } applicationId)
        {
            return null;
        }

        var attachments = await db.ApplicationAttachments.AsNoTracking()
            .Where(a => a.ApplicationId == applicationId)
            .OrderBy(a => a.Number)
            .Select(a => new AttachmentView(a.Number, a.FileName, a.ContentType, a.Content.Length, a.Sha256))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        await AuditAsync(retailer, number, "attachments-listed", string.Create(CultureInfo.InvariantCulture, $"{attachments.Count} attachments"), cancellationToken).ConfigureAwait(false);
        return new AttachmentList(number, attachments);
    }

    /// <summary>Attachment <paramref name="attachment"/> of application <paramref name="number"/>, or null (not there, or not the reader's).</summary>
    public async Task<StoredAttachment?> ReadAsync(string? retailer, string number, int attachment, CancellationToken cancellationToken)
    {
        if (await FindAsync(retailer, number, cancellationToken).ConfigureAwait(false) is not { } applicationId)
        {
            return null;
        }

        var stored = await db.ApplicationAttachments.AsNoTracking()
            .Where(a => a.ApplicationId == applicationId && a.Number == attachment)
            .Select(a => new StoredAttachment(a.FileName, a.ContentType, a.Content, a.Sha256))
            .SingleOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        await AuditAsync(retailer, number, "attachment-downloaded", string.Create(CultureInfo.InvariantCulture, $"attachment {attachment}: {stored.FileName} ({stored.ContentType}, {stored.Content.Length} bytes, SHA-256 {stored.Sha256})"), cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private async Task<long?> FindAsync(string? retailer, string number, CancellationToken cancellationToken) =>
        await db.Applications.AsNoTracking()
            .Where(a => a.Number == number && (retailer == null || a.RetailerCode == retailer))
            .Select(a => (long?)a.Id)
            .SingleOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);

    private async Task AuditAsync(string? retailer, string number, string action, string detail, CancellationToken cancellationToken)
    {
        db.AuditEntries.Add(new AuditEntry { At = clock.GetUtcNow(), Actor = retailer ?? TsoActors.Tso, Subject = "application", SubjectId = number, Action = action, Detail = detail });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
