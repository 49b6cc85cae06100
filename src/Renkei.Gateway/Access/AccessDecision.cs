using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Renkei.Domain.Identifiers;
using Renkei.Gateway.Auth;

namespace Renkei.Gateway.Access;

/// <summary>
/// The access decision in front of every supply point data route: the caller's retailer must have held the
/// point's wheeling contract on the requested date. Anything else is 404, exactly as for a point that does not
/// exist, so a retailer cannot even learn that another retailer's point exists.
/// </summary>
public static class AccessDecision
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var model = (ContractReadModel)context.RequestServices.GetService(typeof(ContractReadModel))!;
        var claim = context.User.FindFirst(RenkeiClaims.RetailerCode)?.Value;
        if (!RetailerCode.TryParse(claim, out var retailer, out _))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (context.GetRouteValue("id") is not string id || !SupplyPointId.TryParse(id, out var supplyPoint, out _))
        {
            await Problem(context, StatusCodes.Status400BadRequest, "Invalid supply point ID", "the supply point ID is missing or malformed").ConfigureAwait(false);
            return;
        }

        var dateText = context.Request.Query["date"].ToString();
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            await Problem(
                context,
                StatusCodes.Status400BadRequest,
                "Invalid date",
                dateText.Length == 0 ? "the query parameter date is required (YYYY-MM-DD)" : "date must be YYYY-MM-DD").ConfigureAwait(false);
            return;
        }

        if (!model.MayRead(retailer, supplyPoint, date))
        {
            await Problem(context, StatusCodes.Status404NotFound, "Not found", "no such supply point for this retailer on this date").ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }

    private static Task Problem(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new { type = "about:blank", title, status, detail },
            options: null,
            contentType: "application/problem+json",
            cancellationToken: context.RequestAborted);
    }
}
