using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Envelope;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.Withdrawal;

/// <summary>取下げ (更新フラグ 3): the applicant withdraws its application before matching.</summary>
internal sealed class WithdrawalHandler(SwitchingDbContext db, TimeProvider clock, ApplicationPipeline pipeline, ApplicationLedger ledger)
{
    /// <summary>The application is matched (locked): only the TSO can change it now.</summary>
    public const string LockedCode = "SW041";

    /// <summary>
    /// 取下げ (更新フラグ 3): withdraws the caller's application while it is not matched; after matching it is
    /// locked and only the TSO can change it. Null when not the caller's. With <paramref name="routeKind"/> (the market's
    /// request envelope on a kind's route), an application of another kind is refused (SW121).
    /// </summary>
    public async Task<Submission<ApplicationView>?> WithdrawAsync(string caller, string number, string? idempotencyKey, CancellationToken cancellationToken, string? routeKind = null)
    {
        var found = await db.Applications.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Number == number && a.RetailerCode == caller, cancellationToken)
            .ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        if (routeKind is not null && found.Kind != routeKind)
        {
            return Submissions.Failed<ApplicationView>([EnvelopeRules.ApplicationOfAnotherKind(number, found.Kind, routeKind, null)]);
        }

        return await pipeline.RunAsync(caller, idempotencyKey, ApplicationPipeline.Hash("withdraw", number), found.SupplyPointId, false, async () =>
        {
            var application = await db.Applications.SingleAsync(a => a.Id == found.Id, cancellationToken).ConfigureAwait(false);
            if (!ApplicationStatus.CanMove(application.Status, ApplicationStatus.Withdrawn))
            {
                return Submissions.Failed<ApplicationView>([new RuleViolation(
                    LockedCode,
                    "number",
                    $"application {number} is {ApplicationStatus.NameOf(application.Status)} ({application.Status}); after matching it is locked and only the TSO can change it",
                    "マッチング後の申込は取下げできません（一般送配電事業者にご連絡ください）")]);
            }

            var from = application.Status;
            ApplicationStatus.Move(application, ApplicationStatus.Withdrawn, clock.GetUtcNow());
            ledger.AuditApplication(caller, application, "withdrawn", from, null);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<ApplicationView>(ApplicationView.Of(application), []);
        }, cancellationToken).ConfigureAwait(false);
    }
}
