using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;
using Renkei.Metering.Hes;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Api;

/// <summary>The internal metering API (loopback only; retailers reach it only through the gateway).</summary>
internal static class MeteringApi
{
    public static IEndpointRouteBuilder MapMeteringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/v1");
        api.MapGet("/supply-points/{id}/intervals", GetIntervals);
        api.MapGet("/supply-points/{id}/intervals/{date}/{slot}/explain", ExplainApi.GetExplanation);
        api.MapPost("/hes/reads", HesApi.PostReads);
        api.MapPost("/slots/{date}/{slot:int}/close", CloseSlot);
        api.MapGet("/status", GetStatus);
        api.MapGet("/slots/{date}/{slot:int}/timeline", GetTimeline);
        api.MapGet("/slots/{date}/timeline", GetDayTimeline);
        api.MapGet("/changes", GetChanges);
        api.MapGet("/supply-points/{id}/fixed-usage", GetFixedUsage);
        api.MapPost("/registry", PostRegistry);
        api.MapGet("/usage-history/{id}", UsageHistoryApi.GetUsageHistory);
        return app;
    }

    internal static Results<IntervalsDayResult, NotFound, ProblemHttpResult> GetIntervals(
        string id, string? date, string? direction, MeterRegistry registry, IntervalEngine engine)
    {
        if (!SupplyPointId.TryParse(id, out var supplyPoint, out var idError))
        {
            return TypedResults.Problem(idError, statusCode: StatusCodes.Status400BadRequest, title: "Invalid supply point ID");
        }

        if (!DateText.TryParseQuery(date, "date", out var day, out var dateError))
        {
            return TypedResults.Problem(dateError, statusCode: StatusCodes.Status400BadRequest, title: "Invalid date");
        }

        var dir = Direction.Import;
        if (direction is "export")
        {
            dir = Direction.Export;
        }
        else if (direction is not (null or "import"))
        {
            return TypedResults.Problem($"direction '{direction}' must be import or export", statusCode: StatusCodes.Status400BadRequest, title: "Invalid direction");
        }

        if (!registry.TryGetMeters(supplyPoint, out var ordinals))
        {
            return TypedResults.NotFound();
        }

        var values = new IntervalValue[Slot.PerDay];
        engine.ReadDay(ordinals, day, dir, values);
        return new IntervalsDayResult(supplyPoint.Value, day, dir, values);
    }

    /// <summary>確定使用量 between two reading days: <c>?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c> (to exclusive).</summary>
    internal static Results<Ok<Usage.FixedUsage>, NotFound, ProblemHttpResult> GetFixedUsage(
        string id, string? from, string? to, MeterRegistry registry, IntervalEngine engine)
    {
        if (!SupplyPointId.TryParse(id, out var supplyPoint, out var idError))
        {
            return TypedResults.Problem(idError, statusCode: StatusCodes.Status400BadRequest, title: "Invalid supply point ID");
        }

        if (!DateText.TryParse(from, out var start) || !DateText.TryParse(to, out var end))
        {
            return TypedResults.Problem("from and to must be dates YYYY-MM-DD (the previous and the current scheduled reading day)", statusCode: StatusCodes.Status400BadRequest, title: "Invalid period");
        }

        if (end <= start || end.DayNumber - start.DayNumber > Usage.FixedUsage.MaxDays)
        {
            return TypedResults.Problem($"to must be after from, at most {Usage.FixedUsage.MaxDays} days later", statusCode: StatusCodes.Status400BadRequest, title: "Invalid period");
        }

        if (!registry.TryGetMeters(supplyPoint, out var ordinals))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(Usage.FixedUsage.Compute(engine, supplyPoint, ordinals, start, end));
    }

    /// <summary>Registry changes: a registry file (CSV) adding meters or recording removals, accepted whole or rejected whole.</summary>
    internal static async Task<Results<Ok<RegistryChangeResult>, ProblemHttpResult>> PostRegistry(HttpRequest request, MeterRegistry registry, RegistryJournal journal, IntervalEngine engine)
    {
        // The body's bytes, not text: a line that is not valid UTF-8 is refused, naming the line.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
        try
        {
            RegistryChangeResult result;
            lock (registry)
            {
                // Kept on disk between validation and application: an acknowledged change survives a restart.
                result = journal.Apply(registry, body.GetBuffer().AsMemory(0, (int)body.Length));
                engine.ApplyRegistryChanges();
            }

            return TypedResults.Ok(result);
        }
        catch (RegistryFileException e)
        {
            return TypedResults.Problem(
                string.Join("; ", e.Errors),
                statusCode: StatusCodes.Status400BadRequest,
                title: "Registry file rejected; nothing was changed",
                extensions: new Dictionary<string, object?> { ["errors"] = e.Errors });
        }
    }

    internal static Results<NoContent, ProblemHttpResult> CloseSlot(string date, int slot, IntervalEngine engine)
    {
        if (TryParseSlot(date, slot, out var closing) is { } invalid)
        {
            return invalid;
        }

        return engine.CloseSlot(closing)
            ? TypedResults.NoContent()
            : TypedResults.Problem("the slot is older than the in-memory window", statusCode: StatusCodes.Status409Conflict, title: "Slot outside window");
    }

    internal static Results<Ok<SlotTimeline>, ProblemHttpResult> GetTimeline(string date, int slot, IntervalEngine engine, Hes.Rereads.RereadBook rereads)
    {
        if (TryParseSlot(date, slot, out var asked) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(engine.TimelineOf(asked) with { Rereads = rereads.Report(asked, engine.Gaps) });
    }

    internal static Results<Ok<SlotTimeline[]>, ProblemHttpResult> GetDayTimeline(string date, IntervalEngine engine, Hes.Rereads.RereadBook rereads)
    {
        if (!DateText.TryParseQuery(date, "date", out var day, out var error))
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid date");
        }

        var result = new SlotTimeline[Slot.PerDay];
        for (var k = 0; k < Slot.PerDay; k++)
        {
            var slot = new Slot(day, k + 1);
            result[k] = engine.TimelineOf(slot) with { Rereads = rereads.Report(slot, engine.Gaps) };
        }

        return TypedResults.Ok(result);
    }

    /// <summary>What changed since a version: slots published and values revised, oldest first.</summary>
    internal static Results<Ok<ChangesResponse>, ProblemHttpResult> GetChanges(long? since, int? limit, IntervalEngine engine, MeterRegistry registry)
    {
        var take = limit ?? 1000;
        if (take is < 1 or > 100_000 || since < 0)
        {
            return TypedResults.Problem("since must not be negative and limit must be 1 to 100000", statusCode: StatusCodes.Status400BadRequest, title: "Invalid cursor");
        }

        var from = since ?? 0;

        // Publications and revisions share one version sequence: merge them and cut at the limit, so the
        // cursor (Next) never skips a change.
        var published = engine.PublishedSince(from);
        var revised = engine.RevisionsSince(from, take);
        var outPublished = new List<PublishedSlot>();
        var outRevisions = new List<RevisedValue>();
        int i = 0, j = 0;
        var next = from;
        while (outPublished.Count + outRevisions.Count < take && (i < published.Count || j < revised.Count))
        {
            if (j >= revised.Count || (i < published.Count && published[i].Version < revised[j].Version))
            {
                var t = published[i++];
                outPublished.Add(new PublishedSlot(t.Version!.Value, DateText.Format(t.Slot.Date), t.Slot.Number, t.PublishedAt!.Value));
                next = t.Version!.Value;
            }
            else
            {
                var r = revised[j++];
                var meter = registry[r.Ordinal];
                outRevisions.Add(new RevisedValue(
                    r.Version,
                    meter.SupplyPointId.Value,
                    meter.MeterId,
                    r.Direction == Direction.Import ? "import" : "export",
                    DateText.Format(r.Slot.Date),
                    r.Slot.Number,
                    r.OldEnergy is { } o ? KwhText.JsonNumber(o) : null,
                    r.OldQuality.ToName(),
                    r.NewEnergy is { } n ? KwhText.JsonNumber(n) : null,
                    r.NewQuality.ToName(),
                    r.At));
                next = r.Version;
            }
        }

        return TypedResults.Ok(new ChangesResponse(outPublished, outRevisions, next, engine.CurrentVersion));
    }

    internal static Ok<MeteringStatus> GetStatus(IntervalEngine engine, SlotCloser closer, TimeProvider clock) =>
        TypedResults.Ok(new MeteringStatus(
            engine.Meters,
            engine.AcceptedTotal,
            closer.NextToClose.ToString(),
            Jst.ToJst(clock.GetUtcNow()).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)));

    /// <summary>The slot named by a route's date and number, or the problem that says which of the two is wrong.</summary>
    private static ProblemHttpResult? TryParseSlot(string date, int number, out Slot slot)
    {
        slot = default;
        if (!DateText.TryParseQuery(date, "date", out var day, out var error))
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid date");
        }

        if (number is < 1 or > Slot.PerDay)
        {
            return TypedResults.Problem("slot must be 1 to 48", statusCode: StatusCodes.Status400BadRequest, title: "Invalid slot");
        }

        slot = new Slot(day, number);
        return null;
    }
}
