using System.Globalization;
using Renkei.Formats.Api.Operations;
using Renkei.Hosting.Observability;
using Renkei.Metering.Engine;

namespace Renkei.Metering.Observability;

/// <summary>
/// The metering node's faults: the read log that cannot be written (unready), the history store that refuses the
/// slots leaving the window (warning: ingest goes on, the slots wait in memory), and the next slot to publish close to
/// its deadline (warning, within <see cref="RiskMargin"/> of it) or past it (critical): the closer is held or stuck. A
/// back-filled slot (<see cref="IntervalEngine.IsBackFill"/>), caught up after the node's start, is not reported.
/// </summary>
internal sealed class MeteringConditions(ReadLogHealth readLog, SlotCloser closer, IntervalEngine engine, TimeProvider clock, TimeSpan bound) : INodeConditions
{
    /// <summary>How long before its deadline an unpublished slot is reported at risk.</summary>
    public TimeSpan RiskMargin { get; init; } = TimeSpan.FromMinutes(20);

    public void Collect(ICollection<NodeAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (readLog.Fault is { } fault)
        {
            alerts.Add(new NodeAlert(
                NodeAlertCodes.ReadLogFailing, NodeAlertCodes.Critical, "readlog", "the read log cannot be written (" + fault.Message + "); the HES's batches are refused", Unready: true));
        }

        if (engine.History is { Fault: { } historyFault } history)
        {
            alerts.Add(new NodeAlert(
                NodeAlertCodes.HistoryFailing,
                NodeAlertCodes.Warning,
                "history",
                string.Create(CultureInfo.InvariantCulture, $"the history store refuses writes ({historyFault.Message}); {history.PendingCount} slot part(s) wait in memory and are retried; ingest goes on"),
                Unready: false));
            if (history.BacklogFull)
            {
                alerts.Add(new NodeAlert(
                    NodeAlertCodes.HistoryBacklogFull,
                    NodeAlertCodes.Critical,
                    "history",
                    string.Create(CultureInfo.InvariantCulture, $"the slots waiting for the history store hold {history.PendingBytes:N0} bytes, at most {history.BacklogBytes:N0}; the HES's batches are refused until the store takes writes"),
                    Unready: false));
            }
        }

        var next = closer.NextToClose;
        var deadline = next.End + bound;
        var left = deadline - clock.GetUtcNow();
        // A back-filled slot (its cutoff passed before the node started) is being caught up, not running late.
        if (left < RiskMargin && !engine.IsBackFill(next))
        {
            alerts.Add(new NodeAlert(
                NodeAlertCodes.SlotAtRisk,
                left < TimeSpan.Zero ? NodeAlertCodes.Critical : NodeAlertCodes.Warning,
                next.ToString(),
                string.Create(CultureInfo.InvariantCulture, $"not published; deadline {deadline:yyyy-MM-ddTHH:mm:sszzz}, {(left < TimeSpan.Zero ? "passed " + (-left).TotalMinutes.ToString("F0", CultureInfo.InvariantCulture) + " min ago" : left.TotalMinutes.ToString("F0", CultureInfo.InvariantCulture) + " min left")}"),
                Unready: false));
        }
    }
}
