using Microsoft.AspNetCore.Http;
using Renkei.Hosting.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Renkei.Gateway.Proxy;

/// <summary>
/// A proxied request whose body is over its route's limit gets the same 413 problem details as the nodes' own
/// refusals (<see cref="RequestProblems.TooLarge"/>): at once, before any byte is forwarded, when its Content-Length
/// declares it; and after the forwarder gave up, when a chunked body passed the limit while it was being sent on
/// (the forwarder itself answers a 413 without a body).
/// </summary>
internal static class ProxiedBodyLimit
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (RequestProblems.DeclaresTooLarge(context.Request, out var limit))
        {
            await RequestProblems.TooLarge(limit).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
        if (!context.Response.HasStarted
            && context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge
            && context.GetForwarderErrorFeature() is { Error: ForwarderError.RequestBodyClient })
        {
            context.Response.ContentLength = null;
            await RequestProblems.TooLarge(limit == long.MaxValue ? null : limit).ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
