using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Renkei.Domain.Identifiers;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Auth;
using Renkei.Hosting.Contracts;

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
        var facts = AuditFacts.Of(context);
        var claim = context.User.FindFirst(RenkeiClaims.RetailerCode)?.Value;
        if (!RetailerCode.TryParse(claim, out var retailer, out _))
        {
            facts.Reason = "token without a retailer code";
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (context.GetRouteValue("id") is not string id || !SupplyPointId.TryParse(id, out var supplyPoint, out _))
        {
            facts.Reason = "malformed supply point ID";
            await Problem(context, StatusCodes.Status400BadRequest, "Invalid supply point ID", "the supply point ID is missing or malformed").ConfigureAwait(false);
            return;
        }

        facts.SupplyPoint = supplyPoint.Value;
        foreach (var key in context.Request.Query.Keys)
        {
            if (key is not ("date" or "direction") || context.Request.Query[key].Count != 1)
            {
                facts.Reason = "unexpected query parameter";
                await Problem(context, StatusCodes.Status400BadRequest, "Invalid query", "only the query parameters date and direction are accepted, once each").ConfigureAwait(false);
                return;
            }
        }

        var direction = context.Request.Query["direction"].ToString();
        if (direction is not ("" or "import" or "export"))
        {
            facts.Reason = "invalid direction";
            await Problem(context, StatusCodes.Status400BadRequest, "Invalid direction", "direction must be import or export").ConfigureAwait(false);
            return;
        }

        var dateText = context.Request.Query["date"].ToString();
        if (!TryParseDate(dateText, out var date))
        {
            facts.Reason = "invalid date";
            await Problem(
                context,
                StatusCodes.Status400BadRequest,
                "Invalid date",
                dateText.Length == 0 ? "the query parameter date is required (YYYY-MM-DD)" : "date must be YYYY-MM-DD").ConfigureAwait(false);
            return;
        }

        facts.Date = dateText;
        if (!model.MayRead(retailer, supplyPoint, date))
        {
            facts.Reason = "no wheeling contract for this retailer on this date";
            await Problem(context, StatusCodes.Status404NotFound, "Not found", "no such supply point for this retailer on this date").ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }

    /// <summary>
    /// Strict <c>yyyy-MM-dd</c> (ASCII digits, a real calendar date), as <c>DateOnly.TryParseExact</c> with the
    /// invariant culture reads it, without its culture-aware format machinery on every request.
    /// </summary>
    internal static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !TryDigits(text.AsSpan(0, 4), out var year) || !TryDigits(text.AsSpan(5, 2), out var month) || !TryDigits(text.AsSpan(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
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
