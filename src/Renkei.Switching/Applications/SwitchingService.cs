using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Switching.Applications.IF_10310_UsageValues;
using Renkei.Switching.Applications.IF_10610_SwitchIn;
using Renkei.Switching.Applications.IF_10710_SwitchOut;
using Renkei.Switching.Applications.IS_20110_CancellationRelay;
using Renkei.Switching.Applications.IS_20410_RelayDecision;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;
using Renkei.Switching.Tso.Hub;

namespace Renkei.Switching.Applications;

/// <summary>
/// スイッチング支援: the hub's application processing. Every submission runs in one transaction that first
/// takes the supply point's row lock (an UPDATE of its version), then reads the point's state, checks every rule,
/// and writes; so two submissions for one point are serialised on SQLite and PostgreSQL alike and exactly one
/// of two competing applications wins. A matched switch-in and switch-out are completed at once: the old
/// wheeling contract ends and the new one starts on the switch date, visible in the change feed on commit.
/// </summary>
public sealed partial class SwitchingService(
    SwitchingDbContext db, SwitchingDates dates, TimeProvider clock, WriteGate? writeGate = null, TsoDirectory? tsos = null, IUsageValuesSource? usageValues = null, WalGroupSync? durability = null)
{
    private readonly TsoDirectory directory = tsos ?? TsoDirectory.AllAreas;

    /// <summary>Actor of the hub's own steps in the audit trail (matching, deadlines).</summary>
    public const string HubActor = TsoActors.Hub;

    /// <summary>Actor of the TSO's steps in the audit trail (completion, contract changes).</summary>
    public const string TsoActor = TsoActors.Tso;

    public const string IdempotencyConflictCode = "SW090";
    public const string DeadlineCode = "SW040";
    public const string RelayNgCode = "SW033";
    public const string LockedCode = "SW041";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The stages in which an application waits for something before its deadline: open (received, in progress) or returned for correction.</summary>
    private static readonly string[] Waiting = [ApplicationStatus.Received, ApplicationStatus.InProgress, ApplicationStatus.ReturnedForCorrection];

    private readonly List<RetailerEvent> pendingEvents = [];

    private DateOnly Today => Jst.Today(clock);

    // ---------------------------------------------------------------- IF_10610 switch-in

    /// <summary>スイッチング開始 (IF_10610).</summary>
    public async Task<Submission<ApplicationView>> SubmitSwitchInAsync(
        string caller, SwitchInRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hash = Hash(ApplicationKinds.SwitchIn, request);
        if (!dryRun && await TrySwitchInDirectAsync(caller, request, idempotencyKey, hash, cancellationToken).ConfigureAwait(false) is { } direct)
        {
            return direct;
        }

        return await RunAsync(caller, idempotencyKey, hash, request.SupplyPointId, dryRun,
            () => SwitchInCoreAsync(caller, request, dryRun, null, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// 一括申請: the switch-ins of one bulk file, in one transaction (the points locked in ID order): accepted whole,
    /// or rejected whole with every failed rule of every line. <paramref name="rows"/> carry the file's line numbers.
    /// </summary>
    public Task<BatchOutcome<ApplicationView>> SubmitSwitchInBatchAsync(
        string caller, IReadOnlyList<(int Line, SwitchInRequest Request)> rows, string idempotencyKey, CancellationToken cancellationToken) =>
        SubmitBatchAsync(caller, rows, idempotencyKey, "bulk-" + ApplicationKinds.SwitchIn, r => r.SupplyPointId, (r, dry) => SwitchInCoreAsync(caller, r, dry, null, cancellationToken), cancellationToken);

    private async Task<BatchOutcome<TView>> SubmitBatchAsync<TRequest, TView>(
        string caller,
        IReadOnlyList<(int Line, TRequest Request)> rows,
        string idempotencyKey,
        string operation,
        Func<TRequest, string?> pointOf,
        Func<TRequest, bool, Task<Submission<TView>>> core,
        CancellationToken cancellationToken)
        where TRequest : class
        where TView : class
    {
        ArgumentNullException.ThrowIfNull(rows);
        var hash = Hash(operation, rows.Select(r => r.Request).ToList());
        db.ChangeTracker.Clear();
        pendingEvents.Clear();
        using var turn = writeGate is null ? null : await writeGate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var point in rows.Select(r => pointOf(r.Request)).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            await LockPointAsync(point, cancellationToken).ConfigureAwait(false);
        }

        var prior = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.RetailerCode == caller && r.Key == idempotencyKey, cancellationToken)
            .ConfigureAwait(false);
        if (prior is not null)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            await WaitDurableAsync(cancellationToken).ConfigureAwait(false);
            return prior.RequestHash == hash
                ? new BatchOutcome<TView>(JsonSerializer.Deserialize<List<TView>>(prior.ResponseJson, Json)!, [], true)
                : new BatchOutcome<TView>([], [new BatchError(0, IdempotencyConflictCode, "Idempotency-Key", $"idempotency key '{idempotencyKey}' was used before for a different request", "冪等キーは別の申込で使用済みです")], false);
        }

        var accepted = new List<TView>();
        var errors = new List<BatchError>();
        foreach (var (line, request) in rows)
        {
            var outcome = await core(request, errors.Count > 0).ConfigureAwait(false);
            errors.AddRange(outcome.Errors.Select(e => new BatchError(line, e.Code, e.Field, e.Message, e.MessageJa)));
            if (outcome.Result is { } view)
            {
                accepted.Add(view);
            }
        }

        if (errors.Count > 0)
        {
            await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            return new BatchOutcome<TView>([], errors, false);
        }

        await FlushEventsAsync(cancellationToken).ConfigureAwait(false);
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            RetailerCode = caller,
            Key = idempotencyKey,
            RequestHash = hash,
            StatusCode = 200,
            ResponseJson = JsonSerializer.Serialize(accepted, Json),
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        await WaitDurableAsync(cancellationToken).ConfigureAwait(false);
        return new BatchOutcome<TView>(accepted, [], false);
    }

    /// <summary>
    /// Checks a switch-in and, unless <paramref name="dryRun"/>, stores it: as a new application, or as the
    /// correction of <paramref name="correcting"/> (a returned application of the caller, tracked by this context).
    /// </summary>
    private async Task<Submission<ApplicationView>> SwitchInCoreAsync(
        string caller, SwitchInRequest request, bool dryRun, Application? correcting, CancellationToken cancellationToken)
    {
        {
            var today = Today;
            var (pointId, pointError) = ParsePoint(request.SupplyPointId);
            var facts = await LoadFactsAsync(pointId, cancellationToken).ConfigureAwait(false);
            CancellationRelay? relay = null;
            if (request.RelayNumber is { } relayNumber)
            {
                relay = await db.CancellationRelays.SingleOrDefaultAsync(r => r.Number == relayNumber, cancellationToken).ConfigureAwait(false);
            }

            var check = CheckSwitchIn(caller, request, pointId, pointError, facts, relay, today);
            var (earliest, switchDate) = (check.Earliest, check.SwitchDate);
            var errors = Evaluate(SwitchInRules.All, check);
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, earliest, switchDate);
            }

            var now = clock.GetUtcNow();
            var application = correcting ?? new Application
            {
                Kind = ApplicationKinds.SwitchIn,
                RetailerCode = caller,
                SupplyPointId = pointId!.Value.Value,
                CreatedAt = now,
            };
            FillSwitchIn(application, check, now);
            await StoreAsync(application, caller, correcting is not null, cancellationToken).ConfigureAwait(false);

            var switchOut = facts.OpenApplications.FirstOrDefault(a =>
                a.Kind == ApplicationKinds.SwitchOut && a.RetailerCode == facts.OpenContract!.RetailerCode && a.SwitchDate == switchDate);
            if (switchOut is not null)
            {
                await MatchAndCompleteAsync(application, switchOut, facts.OpenContract!, relay, cancellationToken).ConfigureAwait(false);
            }

            return new Submission<ApplicationView>(ApplicationView.Of(application), [], earliest, switchDate);
        }
    }

    /// <summary>The facts a switch-in's rules look at: the dates it would take (requested, from the 廃止取次, or the default).</summary>
    private SwitchInCheck CheckSwitchIn(
        string caller, SwitchInRequest request, SupplyPointId? pointId, string? pointError, PointFacts facts, CancellationRelay? relay, DateOnly today)
    {
        DateOnly? earliest = null;
        DateOnly? switchDate = null;
        var outside = false;
        var meterWork = facts.Point?.MeterType == MeterTypes.Conventional;
        if (facts.Point is { } point)
        {
            if (dates.Covers(today))
            {
                earliest = dates.Earliest(today, point.VoltageClass, meterWork);
                switchDate = request.SwitchDate
                    ?? (relay is not null && relay.NewRetailerCode == caller ? relay.WishedDate : dates.DefaultSwitchDate(today, point, meterWork));
            }

            outside = !dates.Covers(today) || (switchDate is { } d && !dates.Covers(d));
        }

        return new SwitchInCheck
        {
            Caller = caller,
            Request = request,
            PointId = pointId,
            PointIdError = pointError,
            AreaServed = Serves(pointId),
            Facts = facts,
            Relay = relay,
            Today = today,
            Earliest = earliest,
            SwitchDate = switchDate,
            DateOutsideCalendar = outside,
        };
    }

    /// <summary>Sets what an accepted switch-in takes from its check: its dates, the matching deadline, meter work, the 廃止取次.</summary>
    private void FillSwitchIn(Application application, SwitchInCheck check, DateTimeOffset now)
    {
        var point = check.Facts.Point!;
        var meterWork = point.MeterType == MeterTypes.Conventional;
        application.RequestedDate = check.Request.SwitchDate;
        application.SwitchDate = check.SwitchDate;
        application.Deadline = dates.MatchingDeadline(check.SwitchDate!.Value, check.Today, point.VoltageClass, meterWork);
        application.MeterWork = meterWork;
        application.RelayId = check.Relay?.Id;
        application.UpdatedAt = now;
    }

    // ---------------------------------------------------------------- IF_10710 switch-out

    /// <summary>スイッチング廃止 (IF_10710).</summary>
    public Task<Submission<ApplicationView>> SubmitSwitchOutAsync(
        string caller, SwitchOutRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(caller, idempotencyKey, Hash(ApplicationKinds.SwitchOut, request), request.SupplyPointId, dryRun,
            () => SwitchOutCoreAsync(caller, request, dryRun, null, cancellationToken), cancellationToken);
    }

    /// <summary>Checks a switch-out and, unless <paramref name="dryRun"/>, stores it (new, or as the correction of <paramref name="correcting"/>).</summary>
    private async Task<Submission<ApplicationView>> SwitchOutCoreAsync(
        string caller, SwitchOutRequest request, bool dryRun, Application? correcting, CancellationToken cancellationToken)
    {
        {
            var today = Today;
            var (pointId, pointError) = ParsePoint(request.SupplyPointId);
            var facts = await LoadFactsAsync(pointId, cancellationToken).ConfigureAwait(false);
            var check = new SwitchOutCheck
            {
                Caller = caller,
                Request = request,
                PointId = pointId,
                PointIdError = pointError,
                AreaServed = Serves(pointId),
                Facts = facts,
                Today = today,
            };
            var errors = Evaluate(SwitchOutRules.All, check);
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<ApplicationView>(null, errors, today, request.SwitchDate);
            }

            var date = request.SwitchDate!.Value;
            Application application;
            if (correcting is null)
            {
                application = await AddSwitchOutAsync(caller, facts, date, request.CustomerNumber, null, date, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                application = correcting;
                application.RequestedDate = date;
                application.SwitchDate = date;
                application.Deadline = date < today ? today : date;
                application.CustomerNumber = request.CustomerNumber;
                application.UpdatedAt = clock.GetUtcNow();
                await StoreAsync(application, caller, true, cancellationToken).ConfigureAwait(false);
            }

            var switchIn = facts.OpenApplications.FirstOrDefault(a => a.Kind == ApplicationKinds.SwitchIn && a.SwitchDate == date);
            if (switchIn is not null)
            {
                var relay = switchIn.RelayId is { } relayId
                    ? await db.CancellationRelays.SingleAsync(r => r.Id == relayId, cancellationToken).ConfigureAwait(false)
                    : null;
                await MatchAndCompleteAsync(switchIn, application, facts.OpenContract!, relay, cancellationToken).ConfigureAwait(false);
            }

            return new Submission<ApplicationView>(ApplicationView.Of(application), [], today, date);
        }
    }

    // ---------------------------------------------------------------- IS_20110 / 20210 / 20310 / 20410 廃止取次

    /// <summary>廃止取次登録 (IS_20110) by the new retailer.</summary>
    public Task<Submission<RelayView>> RegisterRelayAsync(
        string caller, RelayRegistrationRequest request, string? idempotencyKey, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RunAsync(caller, idempotencyKey, Hash("IS_20110", request), request.SupplyPointId, dryRun,
            () => RegisterRelayCoreAsync(caller, request, dryRun, cancellationToken), cancellationToken);
    }

    /// <summary>一括申請 of 廃止取次 registrations: accepted whole or rejected whole (as <see cref="SubmitSwitchInBatchAsync"/>).</summary>
    public Task<BatchOutcome<RelayView>> SubmitRelayBatchAsync(
        string caller, IReadOnlyList<(int Line, RelayRegistrationRequest Request)> rows, string idempotencyKey, CancellationToken cancellationToken) =>
        SubmitBatchAsync(caller, rows, idempotencyKey, "bulk-IS_20110", r => r.SupplyPointId, (r, dry) => RegisterRelayCoreAsync(caller, r, dry, cancellationToken), cancellationToken);

    private async Task<Submission<RelayView>> RegisterRelayCoreAsync(string caller, RelayRegistrationRequest request, bool dryRun, CancellationToken cancellationToken)
    {
        {
            var today = Today;
            var (pointId, pointError) = ParsePoint(request.SupplyPointId);
            var facts = await LoadFactsAsync(pointId, cancellationToken).ConfigureAwait(false);
            DateOnly? earliest = null;
            var outside = false;
            if (facts.Point is { } point)
            {
                outside = !dates.Covers(today) || (request.WishedDate is { } w && !dates.Covers(w));
                if (dates.Covers(today))
                {
                    earliest = dates.Earliest(today, point.VoltageClass, point.MeterType == MeterTypes.Conventional);
                }
            }

            var check = new RelayRegistrationCheck
            {
                Caller = caller,
                Request = request,
                PointId = pointId,
                PointIdError = pointError,
                AreaServed = Serves(pointId),
                Facts = facts,
                Today = today,
                Earliest = earliest,
                DateOutsideCalendar = outside,
            };
            var errors = Evaluate(RelayRegistrationRules.All, check);
            if (errors.Count > 0 || dryRun)
            {
                return new Submission<RelayView>(null, errors, earliest, request.WishedDate);
            }

            var now = clock.GetUtcNow();
            var wished = request.WishedDate!.Value;
            var relay = new CancellationRelay
            {
                SupplyPointId = pointId!.Value.Value,
                NewRetailerCode = caller,
                CurrentRetailerCode = facts.OpenContract!.RetailerCode,
                ContractNumber = request.ContractNumber!.Trim(),
                HolderName = request.HolderName!.Trim(),
                HolderNameKana = request.HolderNameKana?.Trim() ?? string.Empty,
                Address = request.Address!.Trim(),
                WishedDate = wished,
                NewRetailerContact = request.Contact?.Trim() ?? string.Empty,
                NewRetailerPhone = request.Phone?.Trim() ?? string.Empty,
                Deadline = dates.MatchingDeadline(wished, today, facts.Point!.VoltageClass, facts.Point.MeterType == MeterTypes.Conventional),
                CreatedAt = now,
                UpdatedAt = now,
                Number = "pending",
            };
            db.CancellationRelays.Add(relay);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            relay.Number = Numbers.Relay(relay.Id);
            Audit(caller, "relay", relay.Number, "registered", null, relay.Status, $"supply point {relay.SupplyPointId}, wished date {wished:yyyy-MM-dd}");
            Notify(relay.CurrentRetailerCode, RetailerEventKinds.RelayAwaitingDecision, "relay", relay.Number, relay.SupplyPointId, relay.Status,
                $"廃止取次 {relay.Number} from {caller} awaits your decision (IS_20410) by {relay.Deadline:yyyy-MM-dd}");
            return new Submission<RelayView>(RelayView.Of(relay), [], earliest, wished);
        }
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

    /// <summary>
    /// 廃止取次判定 (IS_20410) by the current retailer. OK counts as its switch-out, which is matched with the new
    /// retailer's switch-in when that is in; NG rejects the new retailer's switch-in of the relay. Null when the
    /// caller is not the relay's current retailer (the same as for a relay that does not exist).
    /// </summary>
    public async Task<Submission<RelayView>?> DecideRelayAsync(
        string caller, string number, RelayDecisionRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await db.CancellationRelays.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Number == number && r.CurrentRetailerCode == caller, cancellationToken)
            .ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        return await RunAsync(caller, idempotencyKey, Hash("IS_20410" + number, request), found.SupplyPointId, false, async () =>
        {
            var relay = await db.CancellationRelays.SingleAsync(r => r.Id == found.Id, cancellationToken).ConfigureAwait(false);
            var errors = Evaluate(RelayDecisionRules.All, new RelayDecisionCheck(relay, request));
            if (errors.Count > 0)
            {
                return Submissions.Failed<RelayView>(errors);
            }

            var (pointId, _) = ParsePoint(relay.SupplyPointId);
            var facts = await LoadFactsAsync(pointId, cancellationToken).ConfigureAwait(false);
            var now = clock.GetUtcNow();
            var linkedSwitchIns = facts.OpenApplications.Where(a => a.Kind == ApplicationKinds.SwitchIn && a.RelayId == relay.Id).ToList();
            if (request.Decision == RelayDecisionRules.Ng)
            {
                var reasons = string.Join(',', request.NgReasons!.Distinct().Order());
                MoveRelay(relay, RelayStatus.DecidedNg, caller, "decided", $"NG reasons {reasons}", now);
                relay.NgReasons = reasons;
                foreach (var switchIn in linkedSwitchIns)
                {
                    Reject(switchIn, RelayNgCode, $"the current retailer decided NG on 廃止取次 {relay.Number} (reasons {reasons})", HubActor, now);
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new Submission<RelayView>(RelayView.Of(relay), []);
            }

            MoveRelay(relay, RelayStatus.DecidedOk, caller, "decided", "OK", now);
            if (facts.OpenContract is not { } open || open.RetailerCode != caller)
            {
                // The contract changed hands since the registration: nothing to end.
                return Submissions.Failed<RelayView>([new RuleViolation(CurrentRetailerRule.ErrorCode, "decision", "the supply point is not among your current contracts", "自社の託送契約に該当する供給地点がありません")]);
            }

            var switchOut = await AddSwitchOutAsync(caller, facts, relay.WishedDate, relay.ContractNumber, relay.Id, relay.Deadline, cancellationToken).ConfigureAwait(false);
            var waiting = linkedSwitchIns.FirstOrDefault(a => a.SwitchDate == relay.WishedDate);
            if (waiting is not null)
            {
                await MatchAndCompleteAsync(waiting, switchOut, open, relay, cancellationToken).ConfigureAwait(false);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<RelayView>(RelayView.Of(relay), []);
        }, cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- status poll, withdrawal, history

    /// <summary>業務処理状況確認: the caller's application, or null (also for another retailer's application).</summary>
    public async Task<ApplicationView?> GetApplicationAsync(string caller, string number, CancellationToken cancellationToken)
    {
        var application = await db.Applications.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Number == number && a.RetailerCode == caller, cancellationToken)
            .ConfigureAwait(false);
        return application is null ? null : ApplicationView.Of(application);
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
    /// 取下げ (更新フラグ 3): withdraws the caller's application while it is not matched; after matching it is
    /// locked and only the TSO can change it. Null when not the caller's.
    /// </summary>
    public async Task<Submission<ApplicationView>?> WithdrawAsync(string caller, string number, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var found = await db.Applications.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Number == number && a.RetailerCode == caller, cancellationToken)
            .ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        return await RunAsync(caller, idempotencyKey, Hash("withdraw", number), found.SupplyPointId, false, async () =>
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
            AuditApplication(caller, application, "withdrawn", from, null);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return new Submission<ApplicationView>(ApplicationView.Of(application), []);
        }, cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- deadlines

    /// <summary>
    /// Applies the scheduled ampere changes that are due, then rejects every application and 廃止取次 still unmatched
    /// (or returned and not corrected) after its deadline ("unmatched by the deadline, both are rejected"). Returns
    /// how many applications and relays it rejected.
    /// </summary>
    public async Task<(int Applications, int Relays)> RunDeadlinesAsync(CancellationToken cancellationToken)
    {
        await ApplyScheduledChangesAsync(cancellationToken).ConfigureAwait(false);
        var today = Today;
        var due = await db.Applications.AsNoTracking()
            .Where(a => a.Kind != ApplicationKinds.AmpereChange && Waiting.Contains(a.Status) && a.Deadline < today)
            .Select(a => new { a.Id, a.SupplyPointId })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var dueRelays = await db.CancellationRelays.AsNoTracking()
            .Where(r => (r.Status == RelayStatus.AwaitingDecision || r.Status == RelayStatus.DecidedOk) && r.Deadline < today)
            .Select(r => new { r.Id, r.SupplyPointId })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        var applications = 0;
        var relays = 0;
        foreach (var point in due.Select(d => d.SupplyPointId).Concat(dueRelays.Select(r => r.SupplyPointId)).Distinct())
        {
            await RunAsync<ApplicationView>(HubActor, null, string.Empty, point, false, async () =>
            {
                var now = clock.GetUtcNow();
                var open = await db.Applications
                    .Where(a => a.SupplyPointId == point && a.Kind != ApplicationKinds.AmpereChange && Waiting.Contains(a.Status) && a.Deadline < today)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                foreach (var application in open)
                {
                    Reject(application, DeadlineCode, application.Status == ApplicationStatus.ReturnedForCorrection
                        ? string.Create(CultureInfo.InvariantCulture, $"returned for correction and not corrected by the deadline {application.Deadline:yyyy-MM-dd}")
                        : string.Create(CultureInfo.InvariantCulture, $"not matched by the deadline {application.Deadline:yyyy-MM-dd}: the switch-in and the switch-out were not both in"), HubActor, now);
                    applications++;
                }

                var openRelays = await db.CancellationRelays
                    .Where(r => r.SupplyPointId == point && (r.Status == RelayStatus.AwaitingDecision || r.Status == RelayStatus.DecidedOk) && r.Deadline < today)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                foreach (var relay in openRelays)
                {
                    MoveRelay(relay, RelayStatus.Expired, HubActor, "expired", string.Create(CultureInfo.InvariantCulture, $"not decided and matched by the deadline {relay.Deadline:yyyy-MM-dd}"), now);
                    relays++;
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new Submission<ApplicationView>(null, []);
            }, cancellationToken).ConfigureAwait(false);
        }

        await WarnOfDeadlinesAsync(today, cancellationToken).ConfigureAwait(false);
        return (applications, relays);
    }

    /// <summary>Tells each retailer once when an unmatched application's deadline is today or the next business day.</summary>
    private async Task WarnOfDeadlinesAsync(DateOnly today, CancellationToken cancellationToken)
    {
        if (!dates.Covers(today))
        {
            return;
        }

        var warnBy = dates.Calendar.AddBusinessDays(today, 1);
        var due = await db.Applications.AsNoTracking()
            .Where(a => a.Kind != ApplicationKinds.AmpereChange && Waiting.Contains(a.Status) && !a.DeadlineWarned && a.Deadline >= today && a.Deadline <= warnBy)
            .Select(a => new { a.Id, a.SupplyPointId })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        foreach (var point in due.Select(d => d.SupplyPointId).Distinct())
        {
            var ids = due.Where(d => d.SupplyPointId == point).Select(d => d.Id).ToList();
            await RunAsync<ApplicationView>(HubActor, null, string.Empty, point, false, async () =>
            {
                var applications = await db.Applications
                    .Where(a => ids.Contains(a.Id) && Waiting.Contains(a.Status) && !a.DeadlineWarned)
                    .ToListAsync(cancellationToken)
                    .ConfigureAwait(false);
                foreach (var application in applications)
                {
                    application.DeadlineWarned = true;
                    Notify(application.RetailerCode, RetailerEventKinds.DeadlineApproaching, "application", application.Number, application.SupplyPointId, application.Status,
                        string.Create(CultureInfo.InvariantCulture, $"unmatched; rejected if still unmatched after {application.Deadline:yyyy-MM-dd}"));
                }

                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return new Submission<ApplicationView>(null, []);
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---------------------------------------------------------------- notifications and IF_11110

    /// <summary>The caller's events after <paramref name="after"/> (IF_11110 bulk retrieval of changes; reading does not consume).</summary>
    public async Task<EventPage> GetEventsAsync(string caller, long after, int limit, CancellationToken cancellationToken)
    {
        var items = await db.RetailerEvents.AsNoTracking()
            .Where(e => e.RetailerCode == caller && e.Seq > after)
            .OrderBy(e => e.Seq)
            .Take(limit)
            .Select(e => new EventView(e.Seq, e.Kind, e.Subject, e.SubjectId, e.SupplyPointId, e.Status, e.Message, e.At))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return new EventPage(items, items.Count == 0 ? after : items[^1].Seq);
    }

    /// <summary>The notification queue: the caller's events not yet acknowledged, oldest first.</summary>
    public async Task<EventPage> PeekNotificationsAsync(string caller, int limit, CancellationToken cancellationToken)
    {
        var acknowledged = await db.NotificationCursors.AsNoTracking()
            .Where(c => c.RetailerCode == caller)
            .Select(c => (long?)c.AcknowledgedSeq)
            .SingleOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false) ?? 0;
        return await GetEventsAsync(caller, acknowledged, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Acknowledges the caller's events up to <paramref name="upTo"/> (inclusive); they leave the queue. Returns
    /// the acknowledged position, or an error when <paramref name="upTo"/> is beyond the caller's last event.
    /// </summary>
    public async Task<Submission<EventPage>> AcknowledgeAsync(string caller, long upTo, CancellationToken cancellationToken)
    {
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await db.Retailers.Where(r => r.Code == caller).ExecuteUpdateAsync(s => s.SetProperty(r => r.Name, r => r.Name), cancellationToken).ConfigureAwait(false);
        var last = await db.RetailerEvents.Where(e => e.RetailerCode == caller).MaxAsync(e => (long?)e.Seq, cancellationToken).ConfigureAwait(false) ?? 0;
        if (upTo < 0 || upTo > last)
        {
            return Submissions.Failed<EventPage>([new RuleViolation(
                "SW050",
                "upTo",
                string.Create(CultureInfo.InvariantCulture, $"upTo {upTo} is not between 0 and your last event {last}"),
                "確認済みの位置が通知の範囲外です")]);
        }

        var cursor = await db.NotificationCursors.SingleOrDefaultAsync(c => c.RetailerCode == caller, cancellationToken).ConfigureAwait(false);
        if (cursor is null)
        {
            db.NotificationCursors.Add(new NotificationCursor { RetailerCode = caller, AcknowledgedSeq = upTo });
        }
        else if (upTo > cursor.AcknowledgedSeq)
        {
            cursor.AcknowledgedSeq = upTo;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new Submission<EventPage>(new EventPage([], Math.Max(upTo, cursor?.AcknowledgedSeq ?? 0)), []);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>
    /// One submission: a transaction that takes the point's lock, runs the work, and commits only an accepted,
    /// non-dry-run result (with its idempotency record); the answer waits until the commit is durable.
    /// </summary>
    /// <remarks>
    /// The idempotency key is looked up only when it can matter, to save a round trip on the common path: an accepted
    /// result whose key was used before fails to insert its record (primary key), rolls back and is answered from the
    /// record; a failed result looks the key up after the rollback, since a repeat of an accepted request usually
    /// fails its rules (the first application now competes with it).
    /// </remarks>
    private Task<Submission<T>> RunAsync<T>(
        string caller, string? idempotencyKey, string requestHash, string? pointId, bool dryRun, Func<Task<Submission<T>>> work, CancellationToken cancellationToken)
        where T : class =>
        RunAsync(caller, idempotencyKey, requestHash, pointId, dryRun, work, null, cancellationToken);

    /// <summary>As the other overload; <paramref name="recordAs"/> shapes the answer kept for repeats (a secret shown once is left out).</summary>
    private async Task<Submission<T>> RunAsync<T>(
        string caller, string? idempotencyKey, string requestHash, string? pointId, bool dryRun, Func<Task<Submission<T>>> work, Func<Submission<T>, Submission<T>>? recordAs, CancellationToken cancellationToken)
        where T : class
    {
        var keyed = !dryRun && idempotencyKey is not null;
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            pendingEvents.Clear();
            Submission<T> outcome;
            using (var turn = writeGate is null ? null : await writeGate.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                if (pointId is not null)
                {
                    await LockPointAsync(pointId, cancellationToken).ConfigureAwait(false);
                }

                if (keyed && attempt > 0 && await ReplayAsync<T>(caller, idempotencyKey!, requestHash, cancellationToken).ConfigureAwait(false) is { } earlier)
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    return earlier;
                }

                outcome = await work().ConfigureAwait(false);
                if (dryRun || !outcome.Accepted)
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    db.ChangeTracker.Clear();
                }
                else
                {
                    await FlushEventsAsync(cancellationToken).ConfigureAwait(false);
                    if (idempotencyKey is not null)
                    {
                        db.IdempotencyRecords.Add(new IdempotencyRecord
                        {
                            RetailerCode = caller,
                            Key = idempotencyKey,
                            RequestHash = requestHash,
                            StatusCode = 201,
                            ResponseJson = JsonSerializer.Serialize(recordAs is null ? outcome : recordAs(outcome), Json),
                            CreatedAt = clock.GetUtcNow(),
                        });
                    }

                    try
                    {
                        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (DbUpdateException) when (attempt == 0 && keyed)
                    {
                        // The key was used before (or concurrently): answer from its record on the next attempt.
                        await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }
            }

            if (dryRun)
            {
                return outcome with { DryRun = true };
            }

            if (!outcome.Accepted)
            {
                return keyed && await ReplayAsync<T>(caller, idempotencyKey!, requestHash, cancellationToken).ConfigureAwait(false) is { } earlier
                    ? earlier
                    : outcome;
            }

            await WaitDurableAsync(cancellationToken).ConfigureAwait(false);
            return outcome;
        }
    }

    /// <summary>The first answer to an idempotency key (or the conflict when the key came with another request); null when the key is new.</summary>
    private async Task<Submission<T>?> ReplayAsync<T>(string caller, string idempotencyKey, string requestHash, CancellationToken cancellationToken)
        where T : class
    {
        var prior = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.RetailerCode == caller && r.Key == idempotencyKey, cancellationToken)
            .ConfigureAwait(false);
        if (prior is null)
        {
            return null;
        }

        if (prior.RequestHash != requestHash)
        {
            return Submissions.Failed<T>([new RuleViolation(
                IdempotencyConflictCode,
                "Idempotency-Key",
                $"idempotency key '{idempotencyKey}' was used before for a different request",
                "冪等キーは別の申込で使用済みです")]);
        }

        // The recorded answer may be committed but not yet durable (group commit): wait as its first request did.
        await WaitDurableAsync(cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize<Submission<T>>(prior.ResponseJson, Json)! with { Replayed = true };
    }

    /// <summary>On SQLite with group commit, returns once every commit so far is on disk; at once otherwise.</summary>
    private Task WaitDurableAsync(CancellationToken cancellationToken) =>
        durability is null ? Task.CompletedTask : durability.WaitDurableAsync(cancellationToken);

    /// <summary>
    /// Gives the transaction's events their positions in each retailer's sequence, under the retailers' row locks
    /// (taken in code order, after any point and change-feed lock, so locks are always taken in one order).
    /// </summary>
    private async Task FlushEventsAsync(CancellationToken cancellationToken)
    {
        if (pendingEvents.Count == 0)
        {
            return;
        }

        foreach (var retailer in pendingEvents.Select(e => e.RetailerCode).Distinct().Order(StringComparer.Ordinal))
        {
            await db.Retailers.Where(r => r.Code == retailer)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Name, r => r.Name), cancellationToken)
                .ConfigureAwait(false);
            var seq = await db.RetailerEvents.Where(e => e.RetailerCode == retailer).MaxAsync(e => (long?)e.Seq, cancellationToken).ConfigureAwait(false) ?? 0;
            foreach (var e in pendingEvents.Where(e => e.RetailerCode == retailer))
            {
                e.Seq = ++seq;
                db.RetailerEvents.Add(e);
            }
        }

        pendingEvents.Clear();
    }

    /// <summary>
    /// The supply point's row lock: an UPDATE of its version, held to the end of the transaction. Every transaction
    /// that changes a point's applications takes it first, so they are serialised per point on both databases.
    /// </summary>
    private Task<int> LockPointAsync(string pointId, CancellationToken cancellationToken) =>
        db.SupplyPoints.Where(p => p.Id == pointId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);

    /// <summary>
    /// Hands an order to the TSO of the point's area. In-process (inside this transaction): true once done, and
    /// throws when it refuses (the rules checked everything the TSO checks, so a refusal is a bug, and the whole
    /// transaction rolls back). A TSO node of its own: queues the order in the outbox and returns false; its answer
    /// comes later (<see cref="ApplyTsoAnswerAsync"/>).
    /// </summary>
    private async Task<bool> HandToTsoAsync(string pointId, string what, string kind, string key, object order, Func<ITsoService, Task<TsoSwitchResult>> call)
    {
        var area = (int)SupplyPointId.Parse(pointId).Area;
        if (directory.IsRemote(area))
        {
            QueueTsoOrder(area, kind, key, pointId, order);
            return false;
        }

        var tso = directory.For(area, db, clock);
        var result = await call(tso).ConfigureAwait(false);
        if (!result.Completed)
        {
            throw new InvalidOperationException($"TSO of area {tso.Area:D2} refused {what} of {pointId}: {result.Reason}");
        }

        return true;
    }

    /// <summary>完了: the TSO completed <paramref name="application"/> (audited as the TSO's step).</summary>
    private void Complete(Application application, string detail, DateTimeOffset now, string actor = TsoActor)
    {
        var from = application.Status;
        ApplicationStatus.Move(application, ApplicationStatus.Completed, now);
        AuditApplication(actor, application, "completed", from, detail);
    }

    private static List<RuleViolation> Evaluate<TCheck>(IReadOnlyList<IRule<TCheck>> rules, TCheck check)
    {
        var errors = new List<RuleViolation>();
        foreach (var rule in rules)
        {
            errors.AddRange(rule.Check(check));
        }

        return errors;
    }

    /// <summary>Whether the hub routes the point's area to a TSO (an unparsable ID is the format rule's business).</summary>
    private bool Serves(SupplyPointId? pointId) => pointId is not { } id || directory.Serves((int)id.Area);

    private static (SupplyPointId? Id, string? Error) ParsePoint(string? text) =>
        SupplyPointId.TryParse(text, out var id, out var error) ? (id, null) : (null, error);

    private async Task<PointFacts> LoadFactsAsync(SupplyPointId? pointId, CancellationToken cancellationToken)
    {
        if (pointId is not { } id)
        {
            return new PointFacts();
        }

        // The point and its open contract in one round trip.
        var key = id.Value;
        // (A left join: SQLite has no APPLY for a correlated subquery. A point has at most one open contract.)
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

        var (point, open) = (found.Point, found.Open);
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
        return new PointFacts { Point = point, OpenContract = open, OpenApplications = applications, OpenRelays = relays };
    }

    /// <summary>Stores a new application (<paramref name="corrected"/> false), or the correction of a returned one, which moves it to in progress (再判定).</summary>
    private async Task StoreAsync(Application application, string actor, bool corrected, CancellationToken cancellationToken)
    {
        if (!corrected)
        {
            await AddApplicationAsync(application, actor, cancellationToken).ConfigureAwait(false);
            return;
        }

        var from = application.Status;
        ApplicationStatus.Move(application, ApplicationStatus.InProgress, application.UpdatedAt);
        application.ReasonCode = null;
        application.ReasonMessage = null;
        AuditApplication(actor, application, "corrected", from,
            string.Create(CultureInfo.InvariantCulture, $"{application.Kind} supply point {application.SupplyPointId}, switch date {application.SwitchDate:yyyy-MM-dd}"));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task AddApplicationAsync(Application application, string actor, CancellationToken cancellationToken)
    {
        application.Number = "pending-" + Guid.NewGuid().ToString("N")[..12];
        db.Applications.Add(application);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        // The number and the audit entry are written with the transaction's next save (every path saves before commit).
        application.Number = Numbers.Application(application.Id);
        AuditApplication(actor, application, SubmittedAction, null, SubmittedDetail(application));
    }

    private const string SubmittedAction = "submitted";

    /// <summary>The audit detail of a new application.</summary>
    private static string SubmittedDetail(Application application) =>
        string.Create(CultureInfo.InvariantCulture, $"{application.Kind} supply point {application.SupplyPointId}, switch date {application.SwitchDate:yyyy-MM-dd}");

    /// <summary>The message of an application's status-change event.</summary>
    private static string EventMessage(string action, string status, string? detail) =>
        detail is null ? $"{action}: {ApplicationStatus.NameOf(status)}" : $"{action}: {ApplicationStatus.NameOf(status)} ({detail})";

    /// <summary>An event's message as stored (at most 1,000 characters).</summary>
    private static string Bounded(string message) => message.Length > 1000 ? message[..1000] : message;

    private async Task<Application> AddSwitchOutAsync(
        string retailer, PointFacts facts, DateOnly date, string? customerNumber, long? relayId, DateOnly deadline, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = Today;
        var application = new Application
        {
            Kind = ApplicationKinds.SwitchOut,
            RetailerCode = retailer,
            SupplyPointId = facts.Point!.Id,
            RequestedDate = date,
            SwitchDate = date,
            Deadline = deadline < today ? today : deadline,
            CustomerNumber = customerNumber,
            RelayId = relayId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await AddApplicationAsync(application, retailer, cancellationToken).ConfigureAwait(false);
        return application;
    }

    /// <summary>
    /// マッチング and 完了: both applications move to matched (locked), then the TSO completes them: the current
    /// contract ends on the switch date and the new retailer's starts, under the change feed's lock so that feed
    /// positions become visible in order.
    /// </summary>
    private async Task MatchAndCompleteAsync(Application switchIn, Application switchOut, WheelingContract open, CancellationRelay? relay, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var date = switchIn.SwitchDate!.Value;
        foreach (var (application, counterpart) in new[] { (switchIn, switchOut), (switchOut, switchIn) })
        {
            var from = application.Status;
            ApplicationStatus.Move(application, ApplicationStatus.Matched, now);
            application.CounterpartId = counterpart.Id;
            AuditApplication(HubActor, application, "matched", from, $"matched with {counterpart.Number}");
        }

        if (relay is not null)
        {
            MoveRelay(relay, RelayStatus.MatchedOk, HubActor, "matched", $"switch-in {switchIn.Number} and switch-out {switchOut.Number}", now);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

        // Routed by area to the TSO, which keeps the area's contracts and completes the switch (at once, or when a
        // TSO node of its own answers: the pair stays matched until then).
        var order = new TsoSwitchOrder(switchIn.Number, switchOut.Number, switchIn.SupplyPointId, open.RetailerCode, switchIn.RetailerCode, date);
        if (await HandToTsoAsync(switchIn.SupplyPointId, "the switch", TsoOrderKinds.Switch, order.Key, order, tso => tso.CompleteSwitchAsync(order, cancellationToken)).ConfigureAwait(false))
        {
            foreach (var application in new[] { switchIn, switchOut })
            {
                Complete(application, string.Create(CultureInfo.InvariantCulture, $"effective {date:yyyy-MM-dd}"), now);
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Reject(Application application, string code, string message, string actor, DateTimeOffset now)
    {
        var from = application.Status;
        ApplicationStatus.Move(application, ApplicationStatus.Rejected, now);
        application.ReasonCode = code;
        application.ReasonMessage = message;
        AuditApplication(actor, application, "rejected", from, $"{code}: {message}");
    }

    private void MoveRelay(CancellationRelay relay, string to, string actor, string action, string? detail, DateTimeOffset now)
    {
        var from = relay.Status;
        relay.Status = to;
        relay.UpdatedAt = now;
        Audit(actor, "relay", relay.Number, action, from, to, detail);
        Notify(relay.NewRetailerCode, RetailerEventKinds.RelayStatusChanged, "relay", relay.Number, relay.SupplyPointId, to, $"{RelayStatus.NameOf(to)}: {detail}");
        if (to is RelayStatus.Expired or RelayStatus.Withdrawn or RelayStatus.MatchedNg)
        {
            Notify(relay.CurrentRetailerCode, RetailerEventKinds.RelayStatusChanged, "relay", relay.Number, relay.SupplyPointId, to, $"{RelayStatus.NameOf(to)}: {detail}");
        }
    }

    /// <summary>Audits a change of <paramref name="application"/> (to its current status) and notifies its retailer.</summary>
    private void AuditApplication(string actor, Application application, string action, string? from, string? detail)
    {
        Audit(actor, "application", application.Number, action, from, application.Status, detail);
        Notify(application.RetailerCode, RetailerEventKinds.ApplicationStatusChanged, "application", application.Number, application.SupplyPointId, application.Status,
            EventMessage(action, application.Status, detail));
    }

    private void Notify(string retailer, string kind, string subject, string subjectId, string? supplyPointId, string? status, string message) =>
        pendingEvents.Add(new RetailerEvent
        {
            RetailerCode = retailer,
            Kind = kind,
            Subject = subject,
            SubjectId = subjectId,
            SupplyPointId = supplyPointId,
            Status = status,
            Message = Bounded(message),
            At = clock.GetUtcNow(),
        });

    private void Audit(string actor, string subject, string subjectId, string action, string? from, string? to, string? detail) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor,
            Subject = subject,
            SubjectId = subjectId,
            Action = action,
            FromStatus = from,
            ToStatus = to,
            Detail = detail,
        });

    private static string Hash(string operation, object request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(operation + "\n" + JsonSerializer.Serialize(request, request.GetType(), Json))));
}
