using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Dashboard;

/// <summary>
/// The operator dashboard: the processing timeline of each slot of a day against the 60-minute bound, the quality
/// mix per slot, reads per minute and silent meters, switching applications and 廃止取次 awaiting decision, and the
/// gateway's requests and denials. Everything comes through the gateway's operator routes with the operator's token.
/// </summary>
internal sealed class IndexModel(RenkeiClient gateway, Ui ui, Renkei.Hosting.Observability.NodeConditions screens) : StaffPage(gateway, ui)
{
    /// <summary>The nodes whose alerts the gateway's operator routes give.</summary>
    public static readonly string[] AlertingNodes = ["metering", "switching", "gateway"];

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

    /// <summary>Every node's faults now (the screens' own included), critical first.</summary>
    public IReadOnlyList<(string Node, NodeAlert Alert)> Alerts { get; private set; } = [];

    public IEnumerable<SlotTimeline> Published => Timeline.Where(t => t.PublishedAt is not null);

    public async Task OnGetAsync()
    {
        Silent = Math.Clamp(Silent, 1, 48);
        var failures = new List<string>();
        void Failed(string name)
        {
            if (Refusal is not null)
            {
                failures.Add($"{name}: HTTP {RefusalStatus} {ProblemOf(Refusal).Title}");
            }
        }

        Status = await CallAsync((g, ct) => g.GetMeteringStatusAsync(ct));
        Failed("status");
        var date = Date ??= LastClosedDay(Status) ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        Timeline = await CallAsync((g, ct) => g.GetSlotTimelineAsync(date, ct)) ?? [];
        Failed("timeline");
        var silent = Silent;
        Activity = await CallAsync((g, ct) => g.GetOperatorActivityAsync(60, silent, ct));
        Failed("activity");
        Switching = await CallAsync((g, ct) => g.GetSwitchingSummaryAsync(ct));
        Failed("switching");
        Audit = await CallAsync((g, ct) => g.GetAuditSummaryAsync(date, ct));
        Failed("audit");
        var alerts = new List<(string, NodeAlert)>();
        foreach (var node in AlertingNodes)
        {
            if (await CallAsync((g, ct) => g.GetNodeAlertsAsync(node, ct)) is { } report)
            {
                alerts.AddRange(report.Alerts.Select(a => (report.Node, a)));
            }

            Failed(node + " alerts");
        }

        alerts.AddRange(screens.Current().Select(a => (screens.Node, a)));
        Alerts = [.. alerts.OrderBy(a => a.Item2.Severity == NodeAlertCodes.Critical ? 0 : 1)];
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

    /// <summary>
    /// A slot's row state: <c>pending</c> (not published), <c>back-filled</c> (published by the node catching up at
    /// its start: not held to the bound), <c>within-bound</c> or <c>late</c> (live slots only).
    /// </summary>
    public static string StateOf(SlotTimeline t) =>
        t.PublishedAt is null ? "pending" : t.BackFilled ? "back-filled" : WithinBound(t) ? "within-bound" : "late";

    public static string Minutes(DateTimeOffset? at, DateTimeOffset slotEnd) =>
        at is { } a ? (a - slotEnd).TotalMinutes.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
