using System.Globalization;
using Renkei.Formats.Api.Operations;
using Renkei.Hosting.Observability;
using Renkei.Metering.Hes;

namespace Renkei.Metering.Observability;

/// <summary>
/// The HES's back-pressure, seen by the operator: a warning from a batch refused because the batches in flight are at
/// their bound until a batch is admitted again. Reads are late, not lost (the head-end keeps and re-sends them); if it
/// lasts, the slots' deadlines follow (<c>slot-at-risk</c>).
/// </summary>
internal sealed class IngestSaturatedCondition(BatchAdmission admission) : INodeConditions
{
    public void Collect(ICollection<NodeAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (admission.Refusing)
        {
            alerts.Add(new NodeAlert(
                NodeAlertCodes.IngestSaturated,
                NodeAlertCodes.Warning,
                "hes",
                string.Create(CultureInfo.InvariantCulture, $"{admission.InFlight} of at most {admission.Limit} batches are being ingested; the HES refuses the next with 503 and Retry-After, and the head-end sends them again"),
                Unready: false));
        }
    }
}
