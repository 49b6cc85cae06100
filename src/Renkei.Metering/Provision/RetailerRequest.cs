using System.Globalization;
using Microsoft.AspNetCore.Http;
using Renkei.Domain.Identifiers;
using Renkei.Formats.Text;
using Renkei.Hosting.InternalAuth;

namespace Renkei.Metering.Provision;

/// <summary>
/// Who a retailer data request is for, and the problem documents its answers use. The retailer code comes from
/// <c>X-Renkei-Retailer</c>, trusted only on a request that carries a verified proof of the gateway (the
/// gateway removes any client-sent <c>X-Renkei-*</c> header and sets this one from the validated token).
/// </summary>
internal static class RetailerRequest
{
    /// <summary>The only internal caller whose <c>X-Renkei-Retailer</c> is believed.</summary>
    public const string TrustedCaller = "gateway";

    public static bool TryRetailer(HttpContext context, out string retailer)
    {
        retailer = string.Empty;
        if (!context.Items.TryGetValue(InternalCallerMiddleware.CallerItem, out var caller) || caller is not TrustedCaller)
        {
            return false;
        }

        var header = context.Request.Headers[InternalHeaders.Retailer];
        if (header.Count != 1 || !RetailerCode.TryParse(header[0], out var code, out _))
        {
            return false;
        }

        retailer = code.Value;
        return true;
    }

    /// <summary>Refuses any query parameter not in <paramref name="allowed"/>, or given twice; names it in the problem.</summary>
    public static IResult? CheckQuery(HttpRequest request, params string[] allowed)
    {
        foreach (var (key, values) in request.Query)
        {
            if (Array.IndexOf(allowed, key) < 0)
            {
                return Problem(StatusCodes.Status400BadRequest, "Unknown query parameter", key, $"'{key}' is not a parameter of this resource (accepted: {string.Join(", ", allowed)})");
            }

            if (values.Count != 1)
            {
                return Problem(StatusCodes.Status400BadRequest, "Repeated query parameter", key, $"'{key}' must be given once");
            }
        }

        return null;
    }


    /// <summary>An RFC 9457 problem naming the field at fault (<c>field</c>) and why (<c>detail</c>).</summary>
    public static IResult Problem(int status, string title, string? field, string detail) =>
        TypedResults.Problem(
            detail,
            statusCode: status,
            title: title,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    /// <summary>
    /// The checks of a request that takes only <c>date</c>: a retailer from the gateway, no other query parameter, a
    /// well-formed date. Null when they pass; else the answer to give.
    /// </summary>
    public static IResult? CheckDayRequest(HttpContext context, out string retailer, out DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(context);
        date = default;
        if (!TryRetailer(context, out retailer))
        {
            return NotRetailer();
        }

        if (CheckQuery(context.Request, "date") is { } unknown)
        {
            return unknown;
        }

        return DateText.TryParseQuery(context.Request.Query["date"], "date", out date, out var error)
            ? null
            : Problem(StatusCodes.Status400BadRequest, "Invalid date", "date", error);
    }

    public static IResult NotRetailer() =>
        Problem(StatusCodes.Status403Forbidden, "No retailer", null, "retailer data is served only to the gateway, for the retailer of the validated token");

    public static IResult NotAcceptable(string offered) =>
        Problem(StatusCodes.Status406NotAcceptable, "Not acceptable", "Accept", $"this resource is available as {offered}");
}
