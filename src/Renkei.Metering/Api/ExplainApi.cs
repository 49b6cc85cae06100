using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Renkei.Domain.Energy;
using Renkei.Domain.Identifiers;
using Renkei.Domain.Time;
using Renkei.Formats.Api.Metering;
using Renkei.Formats.Text;
using Renkei.Metering.Engine;
using Renkei.Metering.Engine.Lineage;
using Renkei.Metering.Registry;

namespace Renkei.Metering.Api;

/// <summary>
/// <c>GET /internal/v1/supply-points/{id}/intervals/{date}/{slot}/explain[?direction=import|export]</c>: the lineage
/// of one value (<see cref="ValueExplanation"/>). The gateway decides access before forwarding, as for the point's
/// intervals.
/// </summary>
internal static class ExplainApi
{
    public static Results<Ok<ValueExplanation>, NotFound, ProblemHttpResult> GetExplanation(
        string id, string date, string slot, string? direction, MeterRegistry registry, IntervalEngine engine)
    {
        if (!SupplyPointId.TryParse(id, out var supplyPoint, out var idError))
        {
            return TypedResults.Problem(idError, statusCode: StatusCodes.Status400BadRequest, title: "Invalid supply point ID");
        }

        if (!DateText.TryParseQuery(date, "date", out var day, out var dateError))
        {
            return TypedResults.Problem(dateError, statusCode: StatusCodes.Status400BadRequest, title: "Invalid date");
        }

        if (!int.TryParse(slot, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > Slot.PerDay)
        {
            return TypedResults.Problem($"slot '{slot}' must be a whole number from 1 to 48", statusCode: StatusCodes.Status400BadRequest, title: "Invalid slot");
        }

        Direction dir;
        if (direction is null or "import")
        {
            dir = Direction.Import;
        }
        else if (direction is "export")
        {
            dir = Direction.Export;
        }
        else
        {
            return TypedResults.Problem($"direction '{direction}' must be import or export", statusCode: StatusCodes.Status400BadRequest, title: "Invalid direction");
        }

        if (!registry.TryGetMeters(supplyPoint, out var ordinals))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ToWire(supplyPoint.Value, engine.Explain(ordinals, new Slot(day, number), dir), registry));
    }

    internal static ValueExplanation ToWire(string supplyPoint, PointLineage lineage, MeterRegistry registry)
    {
        var meters = new List<MeterExplanation>(lineage.Meters.Count);
        foreach (var m in lineage.Meters)
        {
            var counted = m.Value.Quality is Engine.Vee.SlotQuality.Actual or Engine.Vee.SlotQuality.Estimated;
            var reads = new List<BoundingRead>(m.Reads.Count);
            foreach (var r in m.Reads)
            {
                reads.Add(new BoundingRead(RoleName(r.Role), BoundaryInstant(r.Boundary), Number(r.RegisterUnits), r.Source.ToName(), r.ArrivedBy));
            }

            var estimation = m.Gap is { } gap
                ? new EstimationBasis("equal-shares", (int)gap.Slots, (int)gap.Index + 1, gap.AdvanceUnits is { } a ? Number(a) : null, gap.RolledOver)
                : null;
            meters.Add(new MeterExplanation(
                registry.MeterIdOf(m.Ordinal),
                m.Multiplier,
                m.Rule?.ToName(),
                counted ? Number(m.Value.Units) : null,
                counted ? Number(m.Value.Units * m.Multiplier) : null,
                Engine.Vee.PointTotal.ToQuality(m.Value.Quality).ToName(),
                reads,
                estimation,
                m.FailedCheck.ToName()));
        }

        var versions = new List<ValueVersion>(lineage.Versions.Count);
        foreach (var v in lineage.Versions)
        {
            versions.Add(new ValueVersion(
                v.Version,
                v.At,
                v.Ordinal < 0 ? "published" : "late-read",
                v.Ordinal < 0 ? null : registry.MeterIdOf(v.Ordinal),
                v.Value.Energy is { } e ? KwhText.JsonNumber(e) : null,
                v.Value.Quality.ToName()));
        }

        var value = lineage.Value;
        return new ValueExplanation(
            supplyPoint,
            DateText.Format(lineage.Slot.Date),
            lineage.Slot.Number,
            lineage.Direction == Direction.Import ? "import" : "export",
            value.Published,
            value.Energy is { } kwh ? KwhText.JsonNumber(kwh) : null,
            value.Quality.ToName(),
            value.Version,
            lineage.ReadsHeld,
            meters,
            versions);
    }

    private static decimal Number(long units) => KwhText.JsonNumber(Kwh.FromUnits(units));

    private static DateTimeOffset BoundaryInstant(long boundary) => Jst.ToJst(new DateTimeOffset(boundary * Slot.TicksPerSlot, TimeSpan.Zero));

    private static string RoleName(ReadRole role) => role switch
    {
        ReadRole.Start => "start",
        ReadRole.End => "end",
        ReadRole.Before => "before",
        _ => "after",
    };
}
