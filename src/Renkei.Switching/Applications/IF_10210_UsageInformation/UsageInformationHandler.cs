using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Switching.Applications.IF_10310_UsageValues;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.IF_10210_UsageInformation;

/// <summary>
/// 使用量照会パスワード and 使用量情報照会申請 (IF_10210): the current retailer issues a consent password on the
/// customer's behalf; another retailer that the customer shows it to applies with it for the point's usage.
/// </summary>
internal sealed class UsageInformationHandler(SwitchingDbContext db, TimeProvider clock, ApplicationPipeline pipeline, ApplicationLedger ledger)
{
    public const string ConsentRejectedCode = "SW070";
    public const string ConsentLockedCode = "SW071";
    public const int MaxConsentFailures = 5;

    private const int Pbkdf2Iterations = ConsentPasswordIssue.Pbkdf2Iterations;

    /// <summary>
    /// Issues a consent password for the point, by its current retailer on the customer's behalf; null when the
    /// caller does not supply the point (or it does not exist). The password is 12 characters from 57 (about 70
    /// bits), shown once; only its salted PBKDF2 hash is kept. A repeat with the same idempotency key answers the first
    /// issue with <see cref="ConsentPasswordIssued.Password"/> null and issues nothing.
    /// </summary>
    public async Task<Submission<ConsentPasswordIssued>?> IssueConsentPasswordAsync(string caller, string pointId, ConsentPasswordRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var supplies = await db.WheelingContracts.AnyAsync(c => c.SupplyPointId == pointId && c.EndDate == null && c.RetailerCode == caller, cancellationToken).ConfigureAwait(false);
        if (!supplies)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (ConsentPasswordIssue.ValidUntil(request.Validity, now) is not { } until)
        {
            return Submissions.Failed<ConsentPasswordIssued>([ConsentPasswordIssue.InvalidValidity]);
        }

        // Under the point's lock with an idempotency record like every submission. The record keeps the answer
        // without the password (only its hash is stored anywhere): a repeat answers that, and its own password is
        // rolled back with the transaction when the record's key turns out to be taken, so no second one is issued.
        return await pipeline.RunAsync(
            caller,
            idempotencyKey,
            ApplicationPipeline.Hash("consent-password " + pointId, request),
            pointId,
            false,
            async () =>
            {
                var (row, password) = ConsentPasswordIssue.New(pointId, caller, now, until);
                db.ConsentPasswords.Add(row);
                db.AuditEntries.Add(new AuditEntry { At = now, Actor = caller, Subject = "supply-point", SubjectId = pointId, Action = "consent-password-issued", Detail = $"valid until {until:O}" });
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new Submission<ConsentPasswordIssued>(new ConsentPasswordIssued(pointId, password, until), []);
            },
            cancellationToken,
            recorded => recorded with { Result = recorded.Result! with { Password = null } }).ConfigureAwait(false);
    }

    /// <summary>
    /// 使用量情報照会申請 (IF_10210). A wrong, expired or unknown password (or point) gets the same answer, SW070;
    /// after <see cref="MaxConsentFailures"/> failures in a row the caller is locked out of that point for 30
    /// minutes (SW071), so a password cannot be guessed.
    /// </summary>
    public async Task<Submission<UsageGrant>> ApplyForUsageInformationAsync(string caller, UsageInformationRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (EnvelopeRules.Evaluate(ApplicationKinds.UsageInformation, request.Envelope) is { Count: > 0 } envelopeErrors)
        {
            return Submissions.Failed<UsageGrant>(envelopeErrors);
        }

        if (!SupplyPointId.TryParse(request.SupplyPointId, out var point, out var error))
        {
            return Submissions.Failed<UsageGrant>([new RuleViolation("SW001", "supplyPointId", error, "供給地点特定番号は22桁の数字です")]);
        }

        // The attachments are checked before the password, so a refused document costs no password attempt.
        var attached = AttachmentCheck.Of(request.Attachments);
        if (AttachmentRules.Evaluate(attached) is { Count: > 0 } attachmentErrors)
        {
            return Submissions.Failed<UsageGrant>(attachmentErrors);
        }

        var key = point.Value;
        var now = clock.GetUtcNow();
        var attempts = await db.ConsentAttempts.SingleOrDefaultAsync(a => a.RetailerCode == caller && a.SupplyPointId == key, cancellationToken).ConfigureAwait(false);
        if (attempts?.LockedUntil is { } locked && locked > now)
        {
            return Submissions.Failed<UsageGrant>([new RuleViolation(ConsentLockedCode, "password", string.Create(CultureInfo.InvariantCulture, $"too many wrong passwords for this point; try again after {locked:yyyy-MM-ddTHH:mm:ssZ}"), "パスワードの誤りが続いたため一時的に照会できません")]);
        }

        var candidates = await db.ConsentPasswords.AsNoTracking()
            .Where(p => p.SupplyPointId == key)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var valid = false;
        foreach (var candidate in candidates.Where(c => c.ValidUntil > now))
        {
            var hash = Rfc2898DeriveBytes.Pbkdf2(request.Password ?? string.Empty, Convert.FromBase64String(candidate.Salt), Pbkdf2Iterations, HashAlgorithmName.SHA256, 32);
            valid |= CryptographicOperations.FixedTimeEquals(hash, Convert.FromBase64String(candidate.Hash));
        }

        if (attempts is null)
        {
            attempts = new ConsentAttempts { RetailerCode = caller, SupplyPointId = key };
            db.ConsentAttempts.Add(attempts);
        }

        if (!valid)
        {
            attempts.Failures++;
            if (attempts.Failures >= MaxConsentFailures)
            {
                attempts.LockedUntil = now.AddMinutes(30);
                attempts.Failures = 0;
            }

            db.AuditEntries.Add(new AuditEntry { At = now, Actor = caller, Subject = "supply-point", SubjectId = key, Action = "consent-password-rejected" });
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return Submissions.Failed<UsageGrant>([new RuleViolation(ConsentRejectedCode, "password", "the consent password is wrong or expired for this supply point", "使用量照会パスワードが誤っているか有効期限切れです")]);
        }

        attempts.Failures = 0;
        attempts.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        var smart = await db.SupplyPoints.Where(p => p.Id == key).Select(p => p.MeterType).SingleAsync(cancellationToken).ConfigureAwait(false) == MeterTypes.Smart;
        var today = Jst.Today(clock);
        // Without attachments the request's hash is the point's alone, as before attachments existed; with them, their
        // names and SHA-256s are part of it, so the same key with other documents is a conflict (409).
        var requestHash = attached.Attachments.Count == 0
            ? ApplicationPipeline.Hash(ApplicationKinds.UsageInformation, key)
            : ApplicationPipeline.Hash(ApplicationKinds.UsageInformation, new { key, attachments = attached.Attachments.Select(a => new { a.FileName, a.Sha256 }).ToArray() });
        var outcome = await pipeline.RunAsync(caller, idempotencyKey, requestHash, key, false, async () =>
        {
            var application = await ledger.AddDatedApplicationAsync(caller, ApplicationKinds.UsageInformation, key, today, cancellationToken).ConfigureAwait(false);
            foreach (var a in attached.Attachments)
            {
                db.ApplicationAttachments.Add(new ApplicationAttachment
                {
                    ApplicationId = application.Id,
                    Number = a.Index + 1,
                    FileName = a.FileName!,
                    ContentType = a.ContentType!,
                    Content = a.Bytes!,
                    Sha256 = a.Sha256,
                });
                ledger.Audit(caller, "application", application.Number, "attachment-stored", null, null, string.Create(CultureInfo.InvariantCulture, $"attachment {a.Index + 1}: {a.FileName} ({a.ContentType}, {a.Bytes!.Length} bytes, SHA-256 {a.Sha256})"));
            }

            ledger.Complete(application, "consent password accepted", now, ApplicationLedger.HubActor);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<UsageGrant>(UsageValuesQuery.Grant(application.Number, key, today, smart), []);
        }, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
