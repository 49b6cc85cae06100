using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;

namespace Renkei.Switching.Applications.Pipeline;

/// <summary>
/// The step every process about one supply point shares: parse the point's ID, read the store's facts about it
/// (under the point's lock, which the pipeline took), build the process's check and run its rules.
/// </summary>
internal sealed class PointFactsReader(SwitchingDbContext db, TimeProvider clock, TsoDirectory directory, SwitchingDates dates)
{
    /// <summary>Today in JST, the day requests are judged on.</summary>
    public DateOnly Today => Jst.Today(clock);

    /// <summary>Reads the point <paramref name="supplyPointId"/> names, builds the check with <paramref name="check"/> and runs <paramref name="rules"/> on it.</summary>
    public async Task<(TCheck Check, List<RuleViolation> Errors)> AssessAsync<TCheck>(
        string? supplyPointId, Func<PointState, TCheck> check, IReadOnlyList<IRule<TCheck>> rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var state = await ReadAsync(supplyPointId, cancellationToken).ConfigureAwait(false);
        var built = check(state);
        return (built, Evaluate(rules, built));
    }

    /// <summary>The point <paramref name="supplyPointId"/> names, as the store holds it now.</summary>
    public async Task<PointState> ReadAsync(string? supplyPointId, CancellationToken cancellationToken)
    {
        var (id, error) = SupplyPointId.TryParse(supplyPointId, out var parsed, out var why) ? ((SupplyPointId?)parsed, (string?)null) : (null, why);
        var facts = await LoadFactsAsync(id, cancellationToken).ConfigureAwait(false);
        return new PointState(id, error, Serves(id), facts, Today);
    }

    /// <summary>Whether the hub routes the point's area to a TSO (an unparsable ID is the format rule's business).</summary>
    public bool Serves(SupplyPointId? pointId) => pointId is not { } id || directory.Serves((int)id.Area);

    /// <summary>Every violation of <paramref name="rules"/>, in the rules' order.</summary>
    public static List<RuleViolation> Evaluate<TCheck>(IReadOnlyList<IRule<TCheck>> rules, TCheck check)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<RuleViolation>();
        foreach (var rule in rules)
        {
            errors.AddRange(rule.Check(check));
        }

        return errors;
    }

    private async Task<PointFacts> LoadFactsAsync(SupplyPointId? pointId, CancellationToken cancellationToken)
    {
        if (pointId is not { } id)
        {
            return new PointFacts();
        }

        // The point and its open contract in one round trip: a left join, since SQLite has no APPLY for a correlated
        // subquery (a point has at most one open contract).
        var key = id.Value;
        var found = await (from p in db.SupplyPoints.AsNoTracking().Where(p => p.Id == key)
                           join c in db.WheelingContracts.AsNoTracking().Where(c => c.EndDate == null) on p.Id equals c.SupplyPointId into openContracts
                           from c in openContracts.DefaultIfEmpty()
                           select new { Point = p, Open = c })
            .SingleOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        if (found is null)
        {
            return new PointFacts();
        }

        if (found.Point.ReadingSchedule is not null)
        {
            // The date rules read the point's schedule from the in-memory copy: current as of this read.
            await dates.Schedules.RefreshAsync(db, cancellationToken).ConfigureAwait(false);
        }

        var applications = await db.Applications
            .Where(a => a.SupplyPointId == key && (a.Status == ApplicationStatus.Received || a.Status == ApplicationStatus.InProgress))
            .OrderBy(a => a.Id)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var relays = await db.CancellationRelays
            .Where(r => r.SupplyPointId == key && (r.Status == RelayStatus.AwaitingDecision || r.Status == RelayStatus.DecidedOk))
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return new PointFacts { Point = found.Point, OpenContract = found.Open, OpenApplications = applications, OpenRelays = relays };
    }
}
