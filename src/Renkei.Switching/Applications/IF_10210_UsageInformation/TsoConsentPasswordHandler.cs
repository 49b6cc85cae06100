using System.Text;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;

namespace Renkei.Switching.Applications.IF_10210_UsageInformation;

/// <summary>
/// 使用量照会パスワード from the TSO directly (MARKET.md: a low-voltage customer can also obtain it from the TSO): a TSO
/// operator issues it at the customer's request, without the current retailer. The customer is identified by the
/// contract holder the hub holds for the point's current contract: the name, and the phone or the address, must match
/// (spaces and full-/half-width forms ignored; the phone by its digits). The password follows the retailer-issued
/// one's rules (<see cref="ConsentPasswordIssue"/>) and opens IF_10210 the same way; the issue and every refusal at a
/// known point are in the audit trail with the operator's name.
/// </summary>
internal sealed class TsoConsentPasswordHandler(SwitchingDbContext db, TimeProvider clock, ApplicationPipeline pipeline)
{
    public const string NotLowVoltageCode = "SW073";
    public const string NotTheHolderCode = "SW074";
    public const string NoHolderCode = "SW075";

    /// <summary>
    /// Issues the password for <paramref name="pointId"/> on <paramref name="operatorName"/>'s word that the customer
    /// asked; null when the point does not exist. A repeat with the same idempotency key answers the first issue with
    /// <see cref="ConsentPasswordIssued.Password"/> null and issues nothing.
    /// </summary>
    public async Task<Submission<ConsentPasswordIssued>?> IssueAsync(string operatorName, string pointId, TsoConsentPasswordRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var voltage = await db.SupplyPoints.AsNoTracking().Where(p => p.Id == pointId).Select(p => p.VoltageClass).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (voltage is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var until = ConsentPasswordIssue.ValidUntil(request.Validity, now);
        var errors = new List<RuleViolation>();
        if (until is null)
        {
            errors.Add(ConsentPasswordIssue.InvalidValidity);
        }

        if (string.IsNullOrWhiteSpace(request.HolderName))
        {
            errors.Add(new(NotTheHolderCode, "holderName", "holderName is required: the customer's name as the contract holds it", "契約名義（需要者の氏名）を入力してください"));
        }

        if (string.IsNullOrWhiteSpace(request.Phone) && string.IsNullOrWhiteSpace(request.Address))
        {
            errors.Add(new(NotTheHolderCode, "phone", "give the customer's phone or address, to check against the contract holder", "需要者の電話番号または住所を入力してください"));
        }

        if (errors.Count > 0)
        {
            return await RefusedAsync(operatorName, pointId, errors, now, cancellationToken).ConfigureAwait(false);
        }

        // Under the point's lock with an idempotency record, as the retailer's issue: the record keeps the answer
        // without the password, so a repeat answers that and no second password is issued.
        var outcome = await pipeline.RunAsync(
            TsoActors.Tso,
            idempotencyKey,
            ApplicationPipeline.Hash("tso-consent-password " + pointId, request),
            pointId,
            false,
            async () =>
            {
                if (await CheckAsync(pointId, voltage, request, cancellationToken).ConfigureAwait(false) is { Count: > 0 } failed)
                {
                    return Submissions.Failed<ConsentPasswordIssued>(failed);
                }

                var (row, password) = ConsentPasswordIssue.New(pointId, TsoActors.Tso, now, until!.Value);
                db.ConsentPasswords.Add(row);
                db.AuditEntries.Add(Audit(pointId, "consent-password-issued", now, $"issued by the TSO directly to the customer; operator {operatorName}; valid until {until:O}"));
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new Submission<ConsentPasswordIssued>(new ConsentPasswordIssued(pointId, password, until.Value), []);
            },
            cancellationToken,
            recorded => recorded with { Result = recorded.Result! with { Password = null } }).ConfigureAwait(false);
        return outcome.Accepted || outcome.Replayed ? outcome : await RefusedAsync(operatorName, pointId, outcome.Errors, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The point's state against the request: low voltage, a contract holder on record, and the customer matching it.</summary>
    private async Task<List<RuleViolation>> CheckAsync(string pointId, string voltage, TsoConsentPasswordRequest request, CancellationToken cancellationToken)
    {
        if (voltage != VoltageClasses.Low)
        {
            return [new(
                NotLowVoltageCode,
                "supplyPointId",
                $"point {pointId} is {voltage} voltage: the TSO issues consent passwords directly for low-voltage points only; the customer gets one from the current retailer",
                "TSOが直接発行する使用量照会パスワードは低圧の供給地点に限ります。需要者は現在の小売電気事業者から受け取れます")];
        }

        var holder = await (from c in db.WheelingContracts.AsNoTracking()
                            where c.SupplyPointId == pointId && c.EndDate == null
                            join h in db.ContractHolders.AsNoTracking() on new { c.SupplyPointId, c.RetailerCode } equals new { h.SupplyPointId, h.RetailerCode }
                            select h).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (holder is null)
        {
            return [new(
                NoHolderCode,
                "supplyPointId",
                $"the hub holds no contract holder for point {pointId}'s current contract, so the customer cannot be checked; the current retailer can issue the password",
                "この供給地点の現在の契約名義が登録されていないため、需要者を確認できません")];
        }

        var failed = new List<RuleViolation>();
        if (Folded(request.HolderName) != Folded(holder.Name))
        {
            failed.Add(new(NotTheHolderCode, "holderName", "the name does not match the contract holder of the point's current contract", "契約名義が一致しません"));
        }

        if (!string.IsNullOrWhiteSpace(request.Phone) && (Digits(holder.Phone) is not { Length: > 0 } held || Digits(request.Phone) != held))
        {
            failed.Add(new(NotTheHolderCode, "phone", "the phone does not match the contract holder's (or the hub holds none for it: give the address)", "電話番号が一致しません（登録がない場合は住所で確認してください）"));
        }

        if (!string.IsNullOrWhiteSpace(request.Address) && Folded(request.Address) != Folded(holder.Address))
        {
            failed.Add(new(NotTheHolderCode, "address", "the address does not match the contract holder's", "住所が一致しません"));
        }

        return failed;
    }

    /// <summary>Audits a refusal at a known point (its own transaction: the refused submission's was rolled back) and answers it.</summary>
    private async Task<Submission<ConsentPasswordIssued>> RefusedAsync(string operatorName, string pointId, IReadOnlyList<RuleViolation> errors, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        db.AuditEntries.Add(Audit(pointId, "consent-password-refused", now, $"operator {operatorName}: {string.Join(", ", errors.Select(e => e.Code + " " + e.Field).Distinct(StringComparer.Ordinal))}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return Submissions.Failed<ConsentPasswordIssued>(errors);
    }

    private static AuditEntry Audit(string pointId, string action, DateTimeOffset now, string detail) => new()
    {
        At = now,
        Actor = TsoActors.Tso,
        Subject = "supply-point",
        SubjectId = pointId,
        Action = action,
        Detail = detail.Length <= 2000 ? detail : detail[..2000],
    };

    /// <summary>Text as compared: NFKC (full-width letters and digits as half-width, half-width kana as full-width), without any space.</summary>
    private static string Folded(string? text) =>
        string.Concat((text ?? string.Empty).Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)));

    private static string Digits(string? text) =>
        string.Concat((text ?? string.Empty).Normalize(NormalizationForm.FormKC).Where(char.IsAsciiDigit));
}
