using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Content;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.Queries;

/// <summary>
/// What a retailer reads about its applications and 廃止取次: 業務処理状況確認 (the status poll), its list, an
/// application's history, 廃止取次結果 (IS_20210) and 廃止取次照会 (IS_20310). Reads only; nothing here locks.
/// </summary>
internal sealed class ApplicationQueries(SwitchingDbContext db)
{
    /// <summary>業務処理状況確認: the caller's application, or null (also for another retailer's application).</summary>
    public async Task<ApplicationView?> GetApplicationAsync(string caller, string number, CancellationToken cancellationToken)
    {
        var application = await db.Applications.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Number == number && a.RetailerCode == caller, cancellationToken)
            .ConfigureAwait(false);
        return application is null
            ? null
            : ApplicationView.Of(application) with { Content = await ApplicationContents.FindAsync(db, application.Id, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>The caller's applications, newest first, after an optional cursor (the application ID).</summary>
    public async Task<IReadOnlyList<ApplicationView>> ListApplicationsAsync(string caller, int limit, CancellationToken cancellationToken)
    {
        var list = await db.Applications.AsNoTracking()
            .Where(a => a.RetailerCode == caller)
            .OrderByDescending(a => a.Id)
            .Take(limit)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return list.ConvertAll(ApplicationView.Of);
    }

    /// <summary>The audit trail of the caller's application, oldest first; null when not the caller's.</summary>
    public async Task<IReadOnlyList<AuditView>?> GetApplicationHistoryAsync(string caller, string number, CancellationToken cancellationToken)
    {
        if (!await db.Applications.AnyAsync(a => a.Number == number && a.RetailerCode == caller, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Subject == "application" && e.SubjectId == number)
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return entries.ConvertAll(e => new AuditView(e.At, e.Actor, e.Action, e.FromStatus, e.ToStatus, e.Detail));
    }

    /// <summary>
    /// 廃止取次結果 (IS_20210) for the new retailer, or the record for the current retailer; null when the caller
    /// is neither (the same as for a relay that does not exist).
    /// </summary>
    public async Task<RelayView?> GetRelayAsync(string caller, string number, CancellationToken cancellationToken)
    {
        var relay = await db.CancellationRelays.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Number == number && (r.NewRetailerCode == caller || r.CurrentRetailerCode == caller), cancellationToken)
            .ConfigureAwait(false);
        return relay is null ? null : RelayView.Of(relay);
    }

    /// <summary>廃止取次照会 (IS_20310): the relays addressed to the caller as current retailer, awaiting its decision unless <paramref name="all"/>.</summary>
    public async Task<IReadOnlyList<RelayView>> InquireRelaysAsync(string caller, bool all, CancellationToken cancellationToken)
    {
        var query = db.CancellationRelays.AsNoTracking().Where(r => r.CurrentRetailerCode == caller);
        if (!all)
        {
            query = query.Where(r => r.Status == RelayStatus.AwaitingDecision);
        }

        var relays = await query.OrderBy(r => r.Id).Take(1000).ToListAsync(cancellationToken).ConfigureAwait(false);
        return relays.ConvertAll(RelayView.Of);
    }
}
