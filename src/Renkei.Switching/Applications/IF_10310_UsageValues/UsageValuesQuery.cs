using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Renkei.Formats.Text;
using Renkei.Switching.Applications.IF_10210_UsageInformation;
using Renkei.Switching.Model;
using Renkei.Switching.Store;

namespace Renkei.Switching.Applications.IF_10310_UsageValues;

/// <summary>使用量情報照会 (IF_10310): what a completed usage application (IF_10210) lets its retailer read.</summary>
internal sealed class UsageValuesQuery(SwitchingDbContext db, TimeProvider clock, IUsageValuesSource? usageValues = null)
{
    /// <summary>使用量情報照会 (IF_10310): the grant of the caller's completed usage application; null when not the caller's.</summary>
    public async Task<UsageGrant?> GetUsageGrantAsync(string caller, string number, CancellationToken cancellationToken)
    {
        var application = await db.Applications.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Number == number && a.RetailerCode == caller && a.Kind == ApplicationKinds.UsageInformation, cancellationToken)
            .ConfigureAwait(false);
        if (application is null)
        {
            return null;
        }

        var smart = await db.SupplyPoints.Where(p => p.Id == application.SupplyPointId).Select(p => p.MeterType).SingleAsync(cancellationToken).ConfigureAwait(false) == MeterTypes.Smart;
        return Grant(application.Number, application.SupplyPointId, application.SwitchDate!.Value, smart);
    }

    /// <summary>
    /// 使用量情報照会 (IF_10310) with the values: the grant of the caller's usage application and, from the metering
    /// node, its period's monthly totals and (smart meter) daily and 30-minute values; null when not the caller's.
    /// Throws <see cref="UsageValuesUnavailableException"/> when no metering node is linked or it cannot answer.
    /// </summary>
    public async Task<UsageInformationView?> GetUsageValuesAsync(string caller, string number, CancellationToken cancellationToken)
    {
        var grant = await GetUsageGrantAsync(caller, number, cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            return null;
        }

        if (usageValues is null)
        {
            throw new UsageValuesUnavailableException("this switching node is not linked to a metering node");
        }

        var history = await usageValues.GetAsync(grant.SupplyPointId, grant.From, grant.To, grant.HalfHourly, cancellationToken).ConfigureAwait(false);
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = caller,
            Subject = "application",
            SubjectId = number,
            Action = "usage-values-read",
            Detail = string.Create(CultureInfo.InvariantCulture, $"supply point {grant.SupplyPointId} {DateText.Format(grant.From)} to {DateText.Format(grant.To)}, half-hourly {grant.HalfHourly}"),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return history is null
            ? new UsageInformationView(grant, [], grant.HalfHourly ? [] : null)
            : new UsageInformationView(grant, history.Months, grant.HalfHourly ? history.Days : null);
    }

    /// <summary>The grant of a usage application made on <paramref name="appliedOn"/>: the 13 months before it; 30-minute values with a smart meter.</summary>
    public static UsageGrant Grant(string number, string point, DateOnly appliedOn, bool smart) =>
        new(number, point, new DateOnly(appliedOn.Year, appliedOn.Month, 1).AddMonths(-13), appliedOn, Monthly: true, HalfHourly: smart);
}
