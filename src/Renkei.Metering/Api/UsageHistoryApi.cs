using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Api;

/// <summary>
/// A supply point's usage over a range of days in one call, for the switching node's 使用量情報照会 (IF_10310):
/// <c>GET /internal/v1/usage-history/{id}?from=YYYY-MM-DD&amp;to=YYYY-MM-DD[&amp;slots=true]</c> (to exclusive, at
/// most <see cref="MaxDays"/> days). Calendar-month totals always; daily totals, and with <c>slots=true</c> the 48
/// 30-minute values of each day. Its own path prefix, so that a caller can be trusted for exactly this route.
/// </summary>
internal static class UsageHistoryApi
{
    /// <summary>Thirteen months back from the first of the month, plus the current month.</summary>
    public const int MaxDays = 440;

    public const string PathPrefix = "/internal/v1/usage-history/";

    internal static Results<Ok<UsageHistory>, NotFound, ProblemHttpResult> GetUsageHistory(
        string id, string? from, string? to, bool? slots, MeterRegistry registry, IntervalEngine engine)
    {
        if (!SupplyPointId.TryParse(id, out var supplyPoint, out var idError))
        {
            return TypedResults.Problem(idError, statusCode: StatusCodes.Status400BadRequest, title: "Invalid supply point ID");
        }

        if (!DateText.TryParse(from, out var start) || !DateText.TryParse(to, out var end)
            || end <= start || end.DayNumber - start.DayNumber > MaxDays)
        {
            return TypedResults.Problem(
                $"from and to must be dates YYYY-MM-DD, to after from (exclusive) and at most {MaxDays} days later",
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid period");
        }

        if (!registry.TryGetMeters(supplyPoint, out var ordinals))
        {
            return TypedResults.NotFound();
        }

        var withSlots = slots ?? false;
        var values = new IntervalValue[Slot.PerDay];
        var days = new List<UsageDay>(end.DayNumber - start.DayNumber);
        var months = new List<UsageMonth>();
        long monthUnits = 0;
        int monthDays = 0, monthGaps = 0;
        for (var day = start; day < end; day = day.AddDays(1))
        {
            engine.ReadDay(ordinals, day, Direction.Import, values);
            long dayUnits = 0;
            var gaps = 0;
            decimal?[]? daySlots = withSlots ? new decimal?[Slot.PerDay] : null;
            for (var k = 0; k < Slot.PerDay; k++)
            {
                if (values[k].Energy is { } e && values[k].Quality is Quality.Actual or Quality.Estimated)
                {
                    dayUnits += e.Units;
                    if (daySlots is not null)
                    {
                        daySlots[k] = KwhText.JsonNumber(e);
                    }
                }
                else
                {
                    gaps++;
                }
            }

            days.Add(new UsageDay(Format(day), KwhText.JsonNumber(Kwh.FromUnits(dayUnits)), gaps, daySlots));
            monthUnits += dayUnits;
            monthDays++;
            monthGaps += gaps;
            var next = day.AddDays(1);
            if (next.Month != day.Month || next == end)
            {
                months.Add(new UsageMonth(day.ToString("yyyy-MM", CultureInfo.InvariantCulture), KwhText.JsonNumber(Kwh.FromUnits(monthUnits)), monthDays, monthGaps));
                monthUnits = 0;
                monthDays = 0;
                monthGaps = 0;
            }
        }

        return TypedResults.Ok(new UsageHistory(supplyPoint.Value, Format(start), Format(end), months, days));
    }

    private static string Format(DateOnly date) => DateText.Format(date);
}
