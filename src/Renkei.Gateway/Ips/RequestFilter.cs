using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Renkei.Gateway.Audit;
using Renkei.Gateway.Callers;

namespace Renkei.Gateway.Ips;

/// <summary>
/// Refuses, before routing, what a legitimate client never sends: methods other than GET and POST (and DELETE of a
/// webhook registration), and request targets with dot segments, encoded dots or slashes or backslashes, double encoding (<c>%25</c>), NUL or
/// control characters. Kestrel would normalise some of them; refusing them outright keeps a path from ever
/// meaning something other than what it says. A refusal is audited with the client and retailer of the request's
/// bearer token when the gateway has already validated that token (<see cref="ValidatedTokens.Known"/>), else with
/// the source address only.
/// </summary>
internal static class RequestFilter
{
    private static readonly string[] Forbidden = ["..", "%2e", "%2f", "%5c", "%25", "%00", "\\", "//"];

    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsPost(context.Request.Method)
            && !(HttpMethods.IsDelete(context.Request.Method) && context.Request.Path.StartsWithSegments(Webhooks.WebhookEndpoints.Prefix, StringComparison.Ordinal)))
        {
            return Refuse(context, StatusCodes.Status405MethodNotAllowed, "method not allowed");
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        var target = question < 0 ? raw.AsSpan() : raw.AsSpan(0, question);
        foreach (var bad in Forbidden)
        {
            if (target.Contains(bad, StringComparison.OrdinalIgnoreCase))
            {
                return Refuse(context, StatusCodes.Status400BadRequest, "path traversal or encoded path separators");
            }
        }

        foreach (var ch in raw)
        {
            if (char.IsControl(ch))
            {
                return Refuse(context, StatusCodes.Status400BadRequest, "control character in the request target");
            }
        }

        if (question >= 0 && raw.AsSpan(question).Contains("%25", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(context, StatusCodes.Status400BadRequest, "double-encoded query");
        }

        return next(context);
    }

    private static Task Refuse(HttpContext context, int status, string reason)
    {
        AuditFacts.Of(context).Reason = reason;

        // This step runs before authentication, so the audit entry would name only the address. A bearer token the
        // gateway has already validated (and that has not expired) names the client and its retailer: looked up, never
        // validated here, and set as the request's user only on this refusal path, for the audit step to record.
        if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } authorization
            && context.RequestServices.GetService<ValidatedTokens>()?.Known(authorization) is { } caller)
        {
            context.User = caller;
        }

        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new { type = "about:blank", title = "Request refused", status, detail = reason },
            options: null,
            contentType: "application/problem+json",
            cancellationToken: context.RequestAborted);
    }
}
