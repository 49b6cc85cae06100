using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Renkei.Domain.Identifiers;
using Renkei.Formats.Text;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Callers;
using Renkei.Hosting.Contracts;

namespace Renkei.Gateway.Access;

/// <summary>
/// The access decision in front of every supply point data route: the caller's retailer must have held the
/// point's wheeling contract on the requested date (the query's <c>date</c>, or the path's for one value's
/// explanation). Anything else is 404, exactly as for a point that does not
/// exist, so a retailer cannot even learn that another retailer's point exists.
/// </summary>
internal static class AccessDecision
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var model = (ContractReadModel)context.RequestServices.GetService(typeof(ContractReadModel))!;
        var facts = AuditFacts.Of(context);
        if (!RetailerCode.TryParse(CallerPrincipal.RetailerCodeOf(context.User), out var retailer, out _))
        {
            // An operator's token: authenticated, but supply point data is read by retailers only.
            facts.Reason = "token without a retailer code";
            return Problem(context, StatusCodes.Status403Forbidden, "Forbidden", "supply point data is read with a retailer's token; this token carries no retailer code");
        }

        if (context.GetRouteValue("id") is not string id || !SupplyPointId.TryParse(id, out var supplyPoint, out _))
        {
            facts.Reason = "malformed supply point ID";
            return Problem(context, StatusCodes.Status400BadRequest, "Invalid supply point ID", "the supply point ID is missing or malformed");
        }

        facts.SupplyPoint = supplyPoint.Value;
        var query = context.Request.Query;

        // A route with the date in its path (one value's explanation) takes only direction in the query.
        var dateInPath = context.GetRouteValue("date") as string;
        foreach (var parameter in query)
        {
            if (!(parameter.Key is "direction" || (parameter.Key is "date" && dateInPath is null)) || parameter.Value.Count != 1)
            {
                facts.Reason = "unexpected query parameter";
                return Problem(
                    context,
                    StatusCodes.Status400BadRequest,
                    "Invalid query",
                    dateInPath is null ? "only the query parameters date and direction are accepted, once each" : "only the query parameter direction is accepted, once");
            }
        }

        var direction = query["direction"].ToString();
        if (direction is not ("" or "import" or "export"))
        {
            facts.Reason = "invalid direction";
            return Problem(context, StatusCodes.Status400BadRequest, "Invalid direction", "direction must be import or export");
        }

        var dateText = dateInPath ?? query["date"].ToString();
        if (!DateText.TryParse(dateText, out var date))
        {
            facts.Reason = "invalid date";
            return Problem(
                context,
                StatusCodes.Status400BadRequest,
                "Invalid date",
                dateText.Length == 0 ? "the query parameter date is required (YYYY-MM-DD)" : "date must be YYYY-MM-DD");
        }

        facts.Date = dateText;
        if (!model.MayRead(retailer, supplyPoint, date))
        {
            facts.Reason = "no wheeling contract for this retailer on this date";
            return Problem(context, StatusCodes.Status404NotFound, "Not found", "no such supply point for this retailer on this date");
        }

        return next(context);
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
