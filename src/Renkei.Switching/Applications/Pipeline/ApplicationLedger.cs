using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Formats.Text;
using Renkei.Switching.Model;
using Renkei.Switching.Store;
using Renkei.Switching.Tso;

namespace Renkei.Switching.Applications.Pipeline;

/// <summary>
/// The audit trail and the retailers' events of one transaction: every status change of an application or a
/// 廃止取次 goes through here, so that each is audited and its retailer told. Events wait in the transaction
/// until <see cref="FlushEventsAsync"/> gives them their positions, just before the commit.
/// </summary>
internal sealed class ApplicationLedger(SwitchingDbContext db, TimeProvider clock)
{
    /// <summary>Actor of the hub's own steps in the audit trail (matching, deadlines).</summary>
    public const string HubActor = TsoActors.Hub;

    /// <summary>Actor of the TSO's steps in the audit trail (completion, contract changes).</summary>
    public const string TsoActor = TsoActors.Tso;

    /// <summary>The audit action of a new application.</summary>
    public const string SubmittedAction = "submitted";

    private readonly List<RetailerEvent> pendingEvents = [];

    /// <summary>Forgets the events of a transaction that did not commit.</summary>
    public void Clear() => pendingEvents.Clear();

    /// <summary>Stores a new application: its ID gives its number; the number and the audit entry go with the transaction's next save.</summary>
    public async Task AddApplicationAsync(Application application, string actor, CancellationToken cancellationToken)
    {
        application.Number = "pending-" + Guid.NewGuid().ToString("N")[..12];
        db.Applications.Add(application);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        application.Number = Numbers.Application(application.Id);
        AuditApplication(actor, application, SubmittedAction, null, SubmittedDetail(application));
    }

    /// <summary>Stores a received application of a kind without a counterpart, effective on <paramref name="date"/>.</summary>
    public async Task<Application> AddDatedApplicationAsync(string caller, string kind, string point, DateOnly date, CancellationToken cancellationToken, int? amperes = null)
    {
        var now = clock.GetUtcNow();
        var application = new Application
        {
            Kind = kind,
            RetailerCode = caller,
            SupplyPointId = point,
            RequestedDate = date,
            SwitchDate = date,
            Deadline = date,
            Amperes = amperes,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await AddApplicationAsync(application, caller, cancellationToken).ConfigureAwait(false);
        return application;
    }

    /// <summary>Stores the correction of a returned application, which moves it to in progress (再判定).</summary>
    public async Task StoreCorrectionAsync(Application application, string actor, CancellationToken cancellationToken)
    {
        var from = application.Status;
        ApplicationStatus.Move(application, ApplicationStatus.InProgress, application.UpdatedAt);
        application.ReasonCode = null;
        application.ReasonMessage = null;
        AuditApplication(actor, application, "corrected", from, SubmittedDetail(application));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The audit detail of a new (or corrected) application.</summary>
    public static string SubmittedDetail(Application application) =>
        string.Create(CultureInfo.InvariantCulture, $"{application.Kind} supply point {application.SupplyPointId}, switch date {Day(application.SwitchDate)}");

    /// <summary>A date as ISO text, empty when there is none.</summary>
    public static string Day(DateOnly? date) => date is { } d ? DateText.Format(d) : string.Empty;

    /// <summary>The message of an application's status-change event.</summary>
    public static string EventMessage(string action, string status, string? detail) =>
        detail is null ? $"{action}: {ApplicationStatus.NameOf(status)}" : $"{action}: {ApplicationStatus.NameOf(status)} ({detail})";

    /// <summary>An event's message as stored (at most 1,000 characters).</summary>
    public static string Bounded(string message) => message.Length > 1000 ? message[..1000] : message;

    /// <summary>完了: the TSO completed <paramref name="application"/> (audited as the TSO's step unless another actor is named).</summary>
    public void Complete(Application application, string detail, DateTimeOffset now, string actor = TsoActor)
    {
        var from = application.Status;
        ApplicationStatus.Move(application, ApplicationStatus.Completed, now);
        AuditApplication(actor, application, "completed", from, detail);
    }

    public void Reject(Application application, string code, string message, string actor, DateTimeOffset now)
    {
        var from = application.Status;
        ApplicationStatus.Move(application, ApplicationStatus.Rejected, now);
        application.ReasonCode = code;
        application.ReasonMessage = message;
        AuditApplication(actor, application, "rejected", from, $"{code}: {message}");
    }

    /// <summary>Moves a 廃止取次 to <paramref name="to"/>; its new retailer is told, and its current retailer too when the relay ends.</summary>
    public void MoveRelay(CancellationRelay relay, string to, string actor, string action, string? detail, DateTimeOffset now)
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
    public void AuditApplication(string actor, Application application, string action, string? from, string? detail)
    {
        Audit(actor, "application", application.Number, action, from, application.Status, detail);
        NotifyApplication(application, action, detail);
    }

    /// <summary>Tells the retailer of <paramref name="application"/> of its change (to its current status).</summary>
    public void NotifyApplication(Application application, string action, string? detail)
    {
        ArgumentNullException.ThrowIfNull(application);
        Notify(application.RetailerCode, RetailerEventKinds.ApplicationStatusChanged, "application", application.Number, application.SupplyPointId, application.Status,
            EventMessage(action, application.Status, detail));
    }

    public void Notify(string retailer, string kind, string subject, string subjectId, string? supplyPointId, string? status, string message) =>
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

    public void Audit(string actor, string subject, string subjectId, string action, string? from, string? to, string? detail) =>
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

    /// <summary>
    /// Gives the transaction's events their positions in each retailer's sequence, under the retailers' row locks
    /// (taken in code order, after any point and change-feed lock, so locks are always taken in one order).
    /// </summary>
    public async Task FlushEventsAsync(CancellationToken cancellationToken)
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
}
