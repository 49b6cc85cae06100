using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Renkei.Domain.Energy;
using Renkei.Domain.Time;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Dashboard;

/// <summary>
/// <c>GET /internal/v1/operator/activity?minutes=&amp;silentSlots=</c>: what the operator dashboard shows beside the
/// slot timelines: reads accepted per minute, and the meters whose last <c>silentSlots</c> closed slots are all
/// missing (no read at their end and none after: the meter has gone silent). Operators reach it through the
/// gateway's operator route only.
/// </summary>
internal static class OperatorApi
{
    /// <summary>Meters listed at most (the count is always complete up to <see cref="MaxScanned"/>).</summary>
    public const int MaxListed = 50;

    /// <summary>The silent-meter scan looks at the first this many meters (the demo's fleets are far smaller).</summary>
    public const int MaxScanned = 200_000;

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/internal/v1/operator/activity", GetActivity);
        app.MapGet("/internal/v1/operator/alerts", (Renkei.Hosting.Observability.NodeConditions conditions) => TypedResults.Ok(conditions.Report()));
        return app;
    }

    internal static Results<Ok<OperatorActivity>, ProblemHttpResult> GetActivity(
        int? minutes, int? silentSlots, ReadArrivals arrivals, IntervalEngine engine, MeterRegistry registry, SlotCloser closer)
    {
        var window = minutes ?? 60;
        var n = silentSlots ?? 4;
        if (window is < 1 or > ReadArrivals.MinutesKept || n is < 1 or > Slot.PerDay)
        {
            return TypedResults.Problem(
                string.Create(CultureInfo.InvariantCulture, $"minutes must be 1 to {ReadArrivals.MinutesKept} and silentSlots 1 to {Slot.PerDay}"),
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid query");
        }

        arrivals.Sample();
        var lastClosed = closer.NextToClose.Previous();
        var firstChecked = lastClosed;
        for (var k = 1; k < n; k++)
        {
            firstChecked = firstChecked.Previous();
        }

        var silent = new List<SilentMeter>();
        var count = 0;
        var scanned = Math.Min(registry.Count, MaxScanned);
        var values = new IntervalValue[Slot.PerDay];
        var previousDay = new IntervalValue[Slot.PerDay];
        Span<int> one = stackalloc int[1];
        for (var o = 0; o < scanned; o++)
        {
            var meter = registry[o];
            if (meter.InstalledAt > firstChecked.Start || (meter.RemovedAt is { } removed && removed <= lastClosed.End))
            {
                continue;
            }

            one[0] = o;
            engine.ReadDay(one, lastClosed.Date, Direction.Import, values);
            if (firstChecked.Date != lastClosed.Date)
            {
                engine.ReadDay(one, firstChecked.Date, Direction.Import, previousDay);
            }

            var allMissing = true;
            for (var s = firstChecked; s <= lastClosed && allMissing; s = s.Next())
            {
                var v = s.Date == lastClosed.Date ? values[s.Number - 1] : previousDay[s.Number - 1];
                allMissing = v.Published && v.Quality == Quality.Missing;
            }

            if (allMissing)
            {
                count++;
                if (silent.Count < MaxListed)
                {
                    silent.Add(new SilentMeter(meter.MeterId, meter.SupplyPointId.Value));
                }
            }
        }

        return TypedResults.Ok(new OperatorActivity(
            arrivals.Last(window),
            n,
            firstChecked.ToString(),
            lastClosed.ToString(),
            scanned,
            count,
            silent));
    }
}
