using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.HandOff;

/// <summary>
/// 計器取替: the TSO's meter replacement date sets a switch's effective date. When the TSO's facts of a point carry a
/// replacement date (<see cref="SupplyPoint.SmartMeterReplacementDate"/>: planned, 計器取替予定月日, or done,
/// 計器取替月日), the point's latest switch with meter work takes it (the switch-in and its matched switch-out), and
/// both retailers are notified when it is set or moves. The effective change date is then 計器取替月日, else
/// 計器取替予定月日, else the switch date (<see cref="Application.EffectiveDate"/>). Runs in the transaction that
/// applies the TSO's change, under the point's lock.
/// </summary>
internal sealed class MeterReplacements(SwitchingDbContext db, ApplicationLedger ledger)
{
    public async Task ApplyAsync(SupplyPoint point, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.SmartMeterReplacementDate is not { } date || point.SmartMeterReplacement is not ("planned" or "done"))
        {
            return;
        }

        var switchIn = await db.Applications
            .Where(a => a.SupplyPointId == point.Id && a.Kind == ApplicationKinds.SwitchIn && a.MeterWork
                && a.Status != ApplicationStatus.Withdrawn && a.Status != ApplicationStatus.Rejected)
            .OrderByDescending(a => a.Id)
            .FirstOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        if (switchIn is null)
        {
            return;
        }

        List<Application> switches = [switchIn];
        if (switchIn.CounterpartId is { } counterpart)
        {
            switches.Add(await db.Applications.SingleAsync(a => a.Id == counterpart, cancellationToken).ConfigureAwait(false));
        }

        var done = point.SmartMeterReplacement == "done";
        foreach (var application in switches)
        {
            var before = (application.MeterReplacementPlannedDate, application.MeterReplacementDate);
            if (done)
            {
                application.MeterReplacementDate = date;
            }
            else
            {
                application.MeterReplacementPlannedDate = date;
            }

            if (before == (application.MeterReplacementPlannedDate, application.MeterReplacementDate))
            {
                continue;
            }

            var what = done ? "計器取替月日 (meter replaced)" : "計器取替予定月日 (meter replacement planned)";
            var was = done ? before.MeterReplacementDate : before.MeterReplacementPlannedDate;
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"{what} {ApplicationLedger.Day(date)}{(was is { } w ? ", was " + ApplicationLedger.Day(w) : string.Empty)}; effective date {ApplicationLedger.Day(application.EffectiveDate)}");
            ledger.Audit(ApplicationLedger.TsoActor, "application", application.Number, "meter-replacement", null, application.Status, detail);
            ledger.Notify(application.RetailerCode, RetailerEventKinds.MeterReplacementChanged, "application", application.Number, application.SupplyPointId, application.Status, detail);
        }
    }
}
