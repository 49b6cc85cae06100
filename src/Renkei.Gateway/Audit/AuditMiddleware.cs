using Microsoft.AspNetCore.Http;
using Renkei.Gateway.Callers;
using Renkei.Hosting.Audit;

namespace Renkei.Gateway.Audit;

/// <summary>
/// Outermost step: every request that reaches the application gets exactly one audit entry with its answer. The
/// entry is queued just before the response headers go out (so it is in the log before the client can see the
/// answer), or, for a request that fails before any response started, when it fails. While the log's disk refuses
/// its writes (<see cref="AuditLog.Failing"/>) nothing is served: a request that cannot be audited is refused with
/// 503 and <c>Retry-After</c> (its entry waits in the log's queue and is written when the disk takes writes again).
/// </summary>
internal static class AuditMiddleware
{
    private const int MaxPathLength = 512;

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, AuditLog log, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(clock);

        // One object per request: the facts the steps note (AuditFacts.Of finds this one) and the writer of the line.
        var record = new Recorder(context, log, clock.GetUtcNow());
        context.Features.Set<AuditFacts>(record);
        context.Response.OnStarting(static state => ((Recorder)state).Write(null), record);
        if (log.Failing)
        {
            record.Reason = "audit log not writable";
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await context.Response.WriteAsJsonAsync(
                new { type = "about:blank", title = "Service Unavailable", status = 503, detail = "The gateway cannot write its audit log; nothing is served that cannot be audited. Retry later." },
                options: null,
                contentType: "application/problem+json").ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's limits that bite while the application reads the body (size, minimum data rate).
            record.Reason ??= e.StatusCode == 413 ? "request body too large" : "request body too slow or malformed";
            await record.Write(e.StatusCode).ConfigureAwait(false);
            throw;
        }
        catch (Exception)
        {
            var aborted = context.RequestAborted.IsCancellationRequested;
            record.Reason ??= aborted ? "client went away" : "server error";
            await record.Write(aborted ? 499 : 500).ConfigureAwait(false);
            throw;
        }

        // An answer without a body or headers written by anyone still starts here.
        await record.Write(null).ConfigureAwait(false);
    }

    private sealed class Recorder(HttpContext context, AuditLog log, DateTimeOffset at) : AuditFacts
    {
        private int written;

        public Task Write(int? failed)
        {
            if (Interlocked.Exchange(ref written, 1) != 0)
            {
                return Task.CompletedTask;
            }

            var status = failed ?? context.Response.StatusCode;
            var user = context.User;
            var authenticated = user.Identity?.IsAuthenticated == true;
            var path = context.Request.Path.Value + context.Request.QueryString.Value;
            log.Append(new AuditEntry(
                at,
                (authenticated ? CallerPrincipal.ClientIdOf(user) : null) ?? ClientId,
                authenticated ? CallerPrincipal.RetailerCodeOf(user) : null,
                context.Connection.RemoteIpAddress?.ToString() ?? "-",
                context.Request.Method,
                path.Length > MaxPathLength ? path[..MaxPathLength] : path,
                SupplyPoint,
                Date,
                status,
                status < 400 ? AuditEntry.Allowed : AuditEntry.Denied,
                Reason ?? (status < 400 ? null : Reasons.For(status, context.Response.Headers.WWWAuthenticate.ToString()))));
            return Task.CompletedTask;
        }
    }

    private static class Reasons
    {
        public static string For(int status, string challenge)
        {
            // A refused token: the validation's own reason, as it told the client (error_description="...").
            const string Marker = "error_description=\"";
            var at = challenge.IndexOf(Marker, StringComparison.Ordinal);
            if (status == 401 && at >= 0)
            {
                var start = at + Marker.Length;
                var end = challenge.IndexOf('"', start);
                return end > start ? challenge[start..end] : "not authenticated";
            }

            return Default(status);
        }

        private static string Default(int status) => status switch
        {
            401 => "not authenticated",
            403 => "forbidden",
            404 => "not found",
            413 => "request too large",
            429 => "rate limited",
            _ => "refused",
        };
    }
}
