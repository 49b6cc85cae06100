using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Renkei.Domain.Time;
using Renkei.Formats.Text;
using Renkei.Hosting.Contracts;
using Renkei.Metering.Engine;
using Renkei.Metering.Registry;
using Renkei.Metering.Usage;

namespace Renkei.Metering.Provision;

/// <summary>
/// The retailer data routes of the metering node, under <c>/internal/v1/retailer/</c> (the gateway maps
/// <c>/api/v1/…</c> onto them): bulk 30-minute energy, fixed usage, the market's files, the change feed and the
/// 60-minute deadline per slot. Every answer covers only the supply points the calling retailer held on the
/// dates concerned, as the wheeling contracts (<see cref="ContractReadModel"/>) say.
/// </summary>
public static class RetailerDataApi
{
    public const string Prefix = "/internal/v1/retailer";

    public static IEndpointRouteBuilder MapRetailerDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix);
        api.MapGet("/intervals", GetIntervals);
        api.MapGet("/fixed-usage", GetFixedUsage);
        api.MapGet("/files", RetailerFiles.List);
        api.MapGet("/files/{name}", RetailerFiles.Download);
        api.MapGet("/feed", RetailerFeed.Get);
        api.MapGet("/deadlines", SlotDeadlines.Get);
        return app;
    }

    /// <summary><c>?date=YYYY-MM-DD[&amp;slot=N][&amp;voltage=low|high][&amp;asOf=instant]</c>: one slot or the whole day, streamed.</summary>
    internal static async Task GetIntervals(HttpContext context, IntervalEngine engine, MeterRegistry registry, ContractReadModel contracts, ProvisionOptions options, TimeProvider clock)
    {
        var request = context.Request;
        if (!RetailerRequest.TryRetailer(context, out var retailer))
        {
            await RetailerRequest.NotRetailer().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (ParseIntervals(request) is { } bad)
        {
            await bad.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!ContentFormats.TryNegotiate(request, out var format))
        {
            await RetailerRequest.NotAcceptable("application/json, text/csv or application/xml").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        _ = DateText.TryParse(request.Query["date"], out var date);
        int? slot = request.Query.ContainsKey("slot") ? int.Parse(request.Query["slot"]!, CultureInfo.InvariantCulture) : null;
        _ = VoltageNames.TryParse(request.Query["voltage"], out var voltage);
        DateTimeOffset? asOf = TryInstant(request.Query["asOf"], out var at) ? at : null;

        var cut = asOf is { } instant ? engine.CutAt(instant) : null;
        var points = new RetailerPoints(contracts.HoldingsOf(retailer), date, date.AddDays(1), voltage, registry);
        var info = new DocumentInfo(
            InformationType(voltage, slot is null),
            options.SenderCode,
            options.SenderName,
            retailer,
            date,
            slot,
            voltage,
            clock.GetUtcNow(),
            asOf);

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = format.MediaType();
        using var sink = ContentFormats.SinkFor(format, context.Response.BodyWriter);
        if (slot is { } n)
        {
            await IntervalExport.WriteSlotAsync(sink, info, points, engine, engine.PrepareSlot(new Slot(date, n), cut), context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await IntervalExport.WriteDayAsync(sink, info, points, engine, cut, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>?month=YYYY-MM[&amp;voltage=low|high]</c>: 確定使用量 of every point whose reading period the month's scheduled
    /// reading closes and that the caller held on a day of it (its days only), streamed; points not yet providable are
    /// listed with the reason.
    /// </summary>
    internal static async Task GetFixedUsage(HttpContext context, IntervalEngine engine, MeterRegistry registry, ContractReadModel contracts, ReadingPeriods periods, ProvisionOptions options, TimeProvider clock)
    {
        var request = context.Request;
        if (!RetailerRequest.TryRetailer(context, out var retailer))
        {
            await RetailerRequest.NotRetailer().ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (RetailerRequest.CheckQuery(request, "month", "voltage") is { } unknown)
        {
            await unknown.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        string? monthText = request.Query["month"];
        if (!TryMonth(monthText, out var year, out var month))
        {
            await RetailerRequest.Problem(
                StatusCodes.Status400BadRequest,
                "Invalid month",
                "month",
                monthText is null ? "the query parameter month is required (YYYY-MM)" : $"month '{monthText}' is not a month in the form YYYY-MM").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!VoltageNames.TryParse(request.Query["voltage"], out var voltage))
        {
            await RetailerRequest.Problem(StatusCodes.Status400BadRequest, "Invalid voltage", "voltage", "voltage must be low or high").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!ContentFormats.TryNegotiate(request, out var format))
        {
            await RetailerRequest.NotAcceptable("application/json, text/csv or application/xml").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var points = new ReadingPeriodPoints(contracts.HoldingsOf(retailer), year, month, null, voltage, registry, periods);
        var info = new DocumentInfo(UsageInformationType(voltage), options.SenderCode, options.SenderName, retailer, new DateOnly(year, month, 1), null, voltage, clock.GetUtcNow(), null);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = format.MediaType();
        using var sink = ContentFormats.SinkFor(format, context.Response.BodyWriter);
        await IntervalExport.WriteUsageAsync(sink, info, year, month, points, engine, null, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A month as <c>YYYY-MM</c>: the month whose scheduled readings close the reading periods asked for.</summary>
    internal static bool TryMonth(string? text, out int year, out int month)
    {
        year = 0;
        month = 0;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month)
            || year is < 2000 or > 9998 || month is < 1 or > 12)
        {
            return false;
        }

        return true;
    }

    /// <summary>JP00002 of a 30-minute energy document: the digits its file name carries (e.g. <c>1110</c> low voltage, one slot).</summary>
    internal static string InformationType(VoltageFilter voltage, bool day) =>
        (voltage == VoltageFilter.High ? "01" : "11") + (day ? "20" : "10");

    /// <summary>JP00002 of a fixed-usage document: <c>1210</c> high voltage, <c>1220</c> low voltage.</summary>
    internal static string UsageInformationType(VoltageFilter voltage) => voltage == VoltageFilter.High ? "1210" : "1220";

    private static IResult? ParseIntervals(HttpRequest request)
    {
        if (RetailerRequest.CheckQuery(request, "date", "slot", "voltage", "asOf") is { } unknown)
        {
            return unknown;
        }

        if (!DateText.TryParseQuery(request.Query["date"], "date", out _, out var dateError))
        {
            return RetailerRequest.Problem(StatusCodes.Status400BadRequest, "Invalid date", "date", dateError);
        }

        if (request.Query.ContainsKey("slot")
            && (!int.TryParse(request.Query["slot"], NumberStyles.None, CultureInfo.InvariantCulture, out var slot) || slot is < 1 or > Slot.PerDay))
        {
            return RetailerRequest.Problem(StatusCodes.Status400BadRequest, "Invalid slot", "slot", $"slot '{request.Query["slot"]}' must be a whole number from 1 to 48");
        }

        if (!VoltageNames.TryParse(request.Query["voltage"], out _))
        {
            return RetailerRequest.Problem(StatusCodes.Status400BadRequest, "Invalid voltage", "voltage", $"voltage '{request.Query["voltage"]}' must be low or high");
        }

        if (request.Query.ContainsKey("asOf") && !TryInstant(request.Query["asOf"], out _))
        {
            return RetailerRequest.Problem(
                StatusCodes.Status400BadRequest,
                "Invalid asOf",
                "asOf",
                $"asOf '{request.Query["asOf"]}' must be an ISO 8601 instant with an offset, e.g. 2026-11-26T10:00:00+09:00");
        }

        return null;
    }

    internal static bool TryInstant(string? text, out DateTimeOffset instant)
    {
        instant = default;

        // A '+' of the offset that was not percent-encoded arrives as a space: take it back.
        return text?.Replace(' ', '+') is { Length: > 0 } t
            && (t.EndsWith('Z') || t.LastIndexOfAny(['+', '-']) > 10)
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }
}
