using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Renkei.Domain.Energy;
using Renkei.Formats.Api.Metering;
using Renkei.Metering.Engine;
using Renkei.Metering.Provision;

namespace Renkei.Metering.Api;

/// <summary>
/// 200 with one supply point's day, written by the same JSON sink as the retailer bulk routes
/// (<see cref="JsonIntervalSink.PointDayDocument"/>); declared to the endpoint's metadata as an
/// <see cref="IntervalsResponse"/>, the shape it writes.
/// </summary>
internal sealed class IntervalsDayResult(string supplyPoint, DateOnly date, Direction direction, IntervalValue[] values)
    : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentFormat.Json.MediaType();
        using (var sink = new JsonIntervalSink(response.BodyWriter))
        {
            sink.PointDayDocument(supplyPoint, date, direction, values);
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(IntervalsResponse), ["application/json"]));
    }
}
