using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Renkei.Formats.Text;

namespace Renkei.Hosting.Http;

/// <summary>
/// Every node's answer to a request it cannot read, as problem details instead of an empty status: a body over the
/// size limit (413, by its Content-Length before a byte is read, or once a chunked body passes it), a JSON body that
/// does not bind (400 naming field, line and position, <see cref="JsonBodies"/>), a parameter that does not bind
/// (400). Kestrel throws these as <see cref="BadHttpRequestException"/> while the application reads. (The gateway's
/// proxy catches them itself while forwarding: its own step, <c>Gateway/Proxy/ProxiedBodyLimit</c>, answers those.)
/// </summary>
public static class RequestProblems
{
    /// <summary>The longest reason quoted back (the framework's messages quote the parameter's value).</summary>
    public const int MaxReasonLength = Echo.MaxReasonLength;

    /// <summary>The title of a 413 answer.</summary>
    public const string TooLargeTitle = "Request body too large";

    /// <summary>Answers the refusals below this step as problem details (see <see cref="RequestProblems"/>).</summary>
    public static IApplicationBuilder UseRequestProblems(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(InvokeAsync);
    }

    /// <summary>The step itself (for pipelines built from request delegates).</summary>
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // Headers already set (security headers, the gateway's) stay; only a declared length would be wrong.
            context.Response.ContentLength = null;
            await Of(e, Limit(context)).ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>The problem details of a refused request: its status, and for a JSON body the field, line and position.</summary>
    public static ProblemHttpResult Of(BadHttpRequestException error, long? limit = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.InnerException is JsonException json)
        {
            return JsonBodies.Problem(json);
        }

        if (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }

        return TypedResults.Problem(
            detail: Echo.Prefix(error.Message, MaxReasonLength),
            statusCode: error.StatusCode,
            title: "The request is malformed");
    }

    /// <summary>413 problem details naming the limit (when known).</summary>
    public static ProblemHttpResult TooLarge(long? limit) =>
        TypedResults.Problem(
            detail: limit is { } bytes
                ? string.Create(CultureInfo.InvariantCulture, $"the request body is larger than this route takes ({bytes} bytes at most); nothing was read or changed")
                : "the request body is larger than this route takes; nothing was read or changed",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: TooLargeTitle,
            extensions: limit is { } max ? new Dictionary<string, object?> { ["limit"] = max } : null);

    /// <summary>Whether the request declares a body over its limit (Content-Length): answer <see cref="TooLarge"/> before reading it.</summary>
    public static bool DeclaresTooLarge(HttpRequest request, out long limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        limit = Limit(request.HttpContext) ?? long.MaxValue;
        return request.ContentLength > limit;
    }

    private static long? Limit(HttpContext context) => context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
}
