using Microsoft.AspNetCore.Mvc;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Dashboard;

/// <summary>
/// The operator dashboard: the processing timeline of each slot of a day against the 60-minute bound, the quality
/// mix per slot, reads per minute and silent meters, switching applications and 廃止取次 awaiting decision, and the
/// gateway's requests and denials. Everything comes through the gateway's operator routes with the operator's token.
/// </summary>
public sealed class IndexModel(GatewayApi gateway, Ui ui) : StaffPage(gateway, ui)
{
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(60);

    [BindProperty(SupportsGet = true)]
    public DateOnly? Date { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Silent { get; set; } = 4;

    public MeteringStatus? Status { get; private set; }

    public IReadOnlyList<SlotTimeline> Timeline { get; private set; } = [];

    public OperatorActivity? Activity { get; private set; }

    public SwitchingSummary? Switching { get; private set; }

    public AuditSummary? Audit { get; private set; }

    public IReadOnlyList<string> Failures { get; private set; } = [];

    public IEnumerable<SlotTimeline> Published => Timeline.Where(t => t.PublishedAt is not null);

    public async Task OnGetAsync()
    {
        Silent = Math.Clamp(Silent, 1, 48);
        var failures = new List<string>();
        var status = await GetAsync("api/v1/operator/metering/status");
        Status = status.IsSuccess ? status.As<MeteringStatus>() : null;
        Date ??= LastClosedDay(Status) ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));

        var timeline = await GetAsync($"api/v1/operator/metering/slots/{Date:yyyy-MM-dd}/timeline");
        Timeline = timeline.IsSuccess ? timeline.As<List<SlotTimeline>>() ?? [] : [];
        var activity = await GetAsync($"api/v1/operator/metering/activity?minutes=60&silentSlots={Silent}");
        Activity = activity.IsSuccess ? activity.As<OperatorActivity>() : null;
        var switching = await GetAsync("api/v1/operator/switching/summary");
        Switching = switching.IsSuccess ? switching.As<SwitchingSummary>() : null;
        var audit = await GetAsync($"api/v1/operator/audit/summary?date={Date:yyyy-MM-dd}");
        Audit = audit.IsSuccess ? audit.As<AuditSummary>() : null;
        foreach (var (name, answer) in new[] { ("status", status), ("timeline", timeline), ("activity", activity), ("switching", switching), ("audit", audit) })
        {
            if (!answer.IsSuccess)
            {
                failures.Add($"{name}: HTTP {(int)answer.Status} {answer.Problem.Title}");
            }
        }

        Failures = failures;
    }

    /// <summary>The day of the last closed slot (today, except in the first half hour after midnight JST).</summary>
    private static DateOnly? LastClosedDay(MeteringStatus? status)
    {
        // NextSlotToClose reads "YYYY-MM-DD slot N".
        if (status?.NextSlotToClose is not { Length: >= 10 } next
            || !DateOnly.TryParseExact(next.AsSpan(0, 10), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return null;
        }

        return next.EndsWith(" slot 1", StringComparison.Ordinal) ? day.AddDays(-1) : day;
    }

    public static bool WithinBound(SlotTimeline t) => t.PublishedAt is { } p && p - t.SlotEnd <= Bound;

    public static string Minutes(DateTimeOffset? at, DateTimeOffset slotEnd) =>
        at is { } a ? (a - slotEnd).TotalMinutes.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
