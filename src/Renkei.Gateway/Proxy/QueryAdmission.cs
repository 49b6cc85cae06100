using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Audit;

namespace Renkei.Gateway.Proxy;

/// <summary>
/// The gateway admits on a forwarded route only the query parameters that route defines, once each: anything else
/// is answered <c>400</c> (problem details whose <c>field</c> names the parameter, audited with the reason
/// <see cref="Reason"/>) and nothing is forwarded.
/// </summary>
internal static class QueryAdmission
{
    public const string Reason = "unexpected query parameter";

    /// <summary>The first parameter of <paramref name="query"/> not in <paramref name="allowed"/> or given more than once; null if none.</summary>
    public static string? Unexpected(IQueryCollection query, string[] allowed)
    {
        foreach (var (key, values) in query)
        {
            if (Array.IndexOf(allowed, key) < 0 || values.Count != 1)
            {
                return key;
            }
        }

        return null;
    }

    public static Task RefuseAsync(HttpContext context, string[] allowed, string key)
    {
        AuditFacts.Of(context).Reason = Reason;
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return context.Response.WriteAsJsonAsync(
            new
            {
                type = "about:blank",
                title = "Invalid query",
                status = 400,
                detail = allowed.Length == 0
                    ? "this resource takes no query parameters"
                    : $"only the query parameters {string.Join(", ", allowed)} are accepted, once each",
                field = key,
            },
            options: null,
            contentType: "application/problem+json",
            cancellationToken: context.RequestAborted);
    }
}
